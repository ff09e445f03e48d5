package dev.healing.examples;

import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.core.vnc.VncClient;
import java.util.List;
import java.util.Locale;

/** {@code vnc-click HOST:PORT X Y [--button left|middle|right] [--double] [security options]}: clicks on the remote screen. */
final class VncClickCommand implements Command {
    @Override
    public String usage() {
        return "vnc-click HOST:PORT X Y [--button left|middle|right] [--double] " + VncCommands.SECURITY_USAGE;
    }

    @Override
    public String description() {
        return "Clicks at pixel (X, Y) over VNC. The password may also come from $" + VncCommands.PASSWORD_ENV + ".";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, VncCommands.with(List.of("--button"), VncCommands.SECURITY_OPTIONS),
                VncCommands.with(List.of("--double"), VncCommands.SECURITY_FLAGS), 3, 3);
        String b = a.option("--button", "left").toLowerCase(Locale.ROOT);
        MouseButton button = switch (b) {
            case "left" -> MouseButton.LEFT;
            case "middle" -> MouseButton.MIDDLE;
            case "right" -> MouseButton.RIGHT;
            default -> throw new UsageException("--button must be left, middle or right, got " + b);
        };
        boolean twice = a.flag("--double");
        Point p = new Point(VncCommands.parseInt("X", a.positional(1)), VncCommands.parseInt("Y", a.positional(2)));
        try (VncClient vnc = VncCommands.builder(a).connect()) {
            if (!vnc.screenBounds().contains(p)) {
                throw new UsageException(p + " is outside the screen " + vnc.screenBounds());
            }
            vnc.click(p, button);
            if (twice) {
                vnc.click(p, button);
            }
            return JsonOutput.print(this, true, JsonOutput.fields("clicked", p, "button",
                    button.name().toLowerCase(Locale.ROOT), "double", twice, "server", vnc.address()));
        }
    }
}
