package dev.healing.examples;

import dev.healing.core.vnc.VncClient;
import java.util.List;

/** {@code vnc-type HOST:PORT [security options] TEXT}: types text (any Unicode) on the remote screen. */
final class VncTypeCommand implements Command {
    @Override
    public String usage() {
        return "vnc-type HOST:PORT " + VncCommands.SECURITY_USAGE + " TEXT   (password also from $"
                + VncCommands.PASSWORD_ENV + ")";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, VncCommands.SECURITY_OPTIONS, VncCommands.SECURITY_FLAGS, 2, 2);
        String text = a.positional(1);
        try (VncClient vnc = VncCommands.builder(a).connect()) {
            vnc.type(text);
            System.out.println("typed " + text.codePointCount(0, text.length()) + " characters on " + vnc.address());
        }
        return 0;
    }
}
