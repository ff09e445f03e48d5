package dev.healing.examples;

import dev.healing.core.vnc.VncClient;
import java.util.List;

/** {@code vnc-type HOST:PORT TEXT}: types text (any Unicode) on the remote screen. */
final class VncTypeCommand implements Command {
    @Override
    public String usage() {
        return "vnc-type HOST:PORT TEXT";
    }

    @Override
    public String description() {
        return "Types TEXT over VNC (any Unicode character the server maps). The password comes from $"
                + VncCommands.PASSWORD_ENV + ".";
    }

    @Override
    public int run(List<String> args) {
        if (args.size() != 2) {
            throw new UsageException("expected HOST:PORT and TEXT, got " + args);
        }
        try (VncClient vnc = VncCommands.builder(args.get(0), null).connect()) {
            vnc.type(args.get(1));
            return JsonOutput.print(this, true, JsonOutput.fields("typed",
                    args.get(1).codePointCount(0, args.get(1).length()), "server", vnc.address()));
        }
    }
}
