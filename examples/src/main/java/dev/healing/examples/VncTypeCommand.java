package dev.healing.examples;

import dev.healing.core.vnc.VncClient;
import java.util.List;

/** {@code vnc-type HOST:PORT TEXT [--password P]}: types text (any Unicode) on the remote screen. */
final class VncTypeCommand implements Command {
    @Override
    public String usage() {
        return "vnc-type HOST:PORT TEXT [--password P]   (password also from $" + VncCommands.PASSWORD_ENV + ")";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, List.of("--password"), List.of(), 2, 2);
        String text = a.positional(1);
        try (VncClient vnc = VncCommands.builder(a.positional(0), a.option("--password")).connect()) {
            vnc.type(text);
            System.out.println("typed " + text.codePointCount(0, text.length()) + " characters on " + vnc.address());
        }
        return 0;
    }
}
