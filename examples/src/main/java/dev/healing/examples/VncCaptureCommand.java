package dev.healing.examples;

import dev.healing.api.Image;
import dev.healing.core.vnc.VncClient;
import java.nio.file.Path;
import java.util.List;

/** {@code vnc-capture HOST:PORT [security options] OUT.png}: saves a fresh, lossless screenshot. */
final class VncCaptureCommand implements Command {
    @Override
    public String usage() {
        return "vnc-capture HOST:PORT " + VncCommands.SECURITY_USAGE + " OUT.png   (password also from $"
                + VncCommands.PASSWORD_ENV + ")";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, VncCommands.SECURITY_OPTIONS, VncCommands.SECURITY_FLAGS, 2, 2);
        Path out = Path.of(a.positional(1));
        try (VncClient vnc = VncCommands.builder(a).connect()) {
            Image frame = vnc.capture();
            frame.writePng(out);
            System.out.println("wrote " + out + " (" + frame.width() + "x" + frame.height() + ") from " + vnc.address());
        }
        return 0;
    }
}
