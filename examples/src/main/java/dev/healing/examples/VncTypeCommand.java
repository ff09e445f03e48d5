package dev.healing.examples;

import dev.healing.core.vnc.VncClient;
import java.util.List;

/** {@code vnc-type HOST:PORT [security options] TEXT}: types text (any Unicode) on the remote screen. */
final class VncTypeCommand implements Command {
    @Override
    public String usage() {
        return "vnc-type HOST:PORT " + VncCommands.SECURITY_USAGE + " TEXT";
    }

    @Override
    public String description() {
        return "Types TEXT over VNC (any Unicode character the server maps). The password may also come from $"
                + VncCommands.PASSWORD_ENV + ".";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, VncCommands.SECURITY_OPTIONS, VncCommands.SECURITY_FLAGS, 2, 2);
        String text = a.positional(1);
        try (VncClient vnc = VncCommands.builder(a).connect()) {
            vnc.type(text);
            return JsonOutput.print(this, true, JsonOutput.fields("typed",
                    text.codePointCount(0, text.length()), "server", vnc.address()));
        }
    }
}
