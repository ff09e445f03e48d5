package dev.healing.examples;

import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.core.vnc.VncClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code vnc-click HOST:PORT X Y [--button left|middle|right] [--double]}: clicks on the remote screen. */
final class VncClickCommand implements Command {
    @Override
    public String usage() {
        return "vnc-click HOST:PORT X Y [--button left|middle|right] [--double]   (password from $"
                + VncCommands.PASSWORD_ENV + ")";
    }

    @Override
    public int run(List<String> args) {
        List<String> positional = new ArrayList<>();
        MouseButton button = MouseButton.LEFT;
        boolean twice = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--button")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--button needs left, middle or right");
                }
                String b = args.get(++i).toLowerCase(Locale.ROOT);
                switch (b) {
                    case "left" -> button = MouseButton.LEFT;
                    case "middle" -> button = MouseButton.MIDDLE;
                    case "right" -> button = MouseButton.RIGHT;
                    default -> throw new UsageException("--button must be left, middle or right, got " + b);
                }
            } else if (a.equals("--double")) {
                twice = true;
            } else if (a.startsWith("--")) {
                throw new UsageException("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 3) {
            throw new UsageException("expected HOST:PORT X Y, got " + positional);
        }
        Point p = new Point(VncCommands.parseInt("X", positional.get(1)), VncCommands.parseInt("Y", positional.get(2)));
        try (VncClient vnc = VncCommands.builder(positional.get(0), null).connect()) {
            if (!vnc.screenBounds().contains(p)) {
                throw new UsageException(p + " is outside the screen " + vnc.screenBounds());
            }
            vnc.click(p, button);
            if (twice) {
                vnc.click(p, button);
            }
            System.out.println((twice ? "double-clicked " : "clicked ") + button.name().toLowerCase(Locale.ROOT)
                    + " at " + p + " on " + vnc.address());
        }
        return 0;
    }
}
