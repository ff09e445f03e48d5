package dev.healing.examples;

import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.core.hid.AbsoluteScale;
import dev.healing.core.hid.HidGadget;
import dev.healing.core.hid.HidInputInjector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code hid-click}: clicks a screen pixel through a USB HID gadget's absolute mouse. */
final class HidClickCommand implements Command {
    @Override
    public String usage() {
        return "hid-click --mouse DEV --screen WxH X Y [--button left|right] [--double]";
    }

    @Override
    public int run(List<String> args) {
        Path mouse = null;
        AbsoluteScale screen = null;
        MouseButton button = MouseButton.LEFT;
        boolean twice = false;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--mouse" -> mouse = Path.of(value(args, ++i, a));
                case "--screen" -> screen = screen(value(args, ++i, a));
                case "--button" -> button = button(value(args, ++i, a));
                case "--double" -> twice = true;
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option " + a);
                    }
                    positional.add(a);
                }
            }
        }
        if (mouse == null) {
            throw new UsageException("--mouse DEV is required, e.g. --mouse /dev/hidg1");
        }
        if (screen == null) {
            throw new UsageException("--screen WxH is required, e.g. --screen 1920x1080");
        }
        if (positional.size() != 2) {
            throw new UsageException("expected X and Y, got " + positional);
        }
        if (twice && button != MouseButton.LEFT) {
            throw new UsageException("--double clicks the left button only");
        }
        int x = coordinate(positional.get(0), "X");
        int y = coordinate(positional.get(1), "Y");
        if (!screen.contains(x, y)) {
            throw new UsageException("(" + x + ", " + y + ") is off the " + screen + " screen");
        }
        Point point = new Point(x, y);
        try (HidInputInjector hid = HidInputInjector.builder()
                .device(HidGadget.builder().mouse(mouse).build()).screen(screen).build()) {
            if (twice) {
                hid.doubleClick(point);
            } else {
                hid.click(point, button);
            }
        }
        return JsonOutput.print(this, true, JsonOutput.fields("clicked", point, "button",
                button.name().toLowerCase(java.util.Locale.ROOT), "double", twice, "mouse", mouse.toString(),
                "screen", screen.toString()));
    }

    static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static AbsoluteScale screen(String text) {
        try {
            return AbsoluteScale.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static MouseButton button(String text) {
        return switch (text) {
            case "left" -> MouseButton.LEFT;
            case "right" -> MouseButton.RIGHT;
            default -> throw new UsageException("--button must be left or right: " + text);
        };
    }

    private static int coordinate(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a pixel number: " + text);
        }
    }
}
