package dev.healing.examples;

import dev.healing.api.Image;
import dev.healing.core.vnc.VncClient;
import java.nio.file.Path;
import java.util.List;

/** {@code vnc-capture HOST:PORT [--password P] OUT.png}: saves a fresh, lossless screenshot. */
final class VncCaptureCommand implements Command {
    @Override
    public String usage() {
        return "vnc-capture HOST:PORT [--password P] OUT.png   (password also from $" + VncCommands.PASSWORD_ENV + ")";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, List.of("--password"), List.of(), 2, 2);
        String password = a.option("--password");
        Path out = Path.of(a.positional(1));
        try (VncClient vnc = VncCommands.builder(a.positional(0), password).connect()) {
            Image frame = vnc.capture();
            frame.writePng(out);
            System.out.println("wrote " + out + " (" + frame.width() + "x" + frame.height() + ") from " + vnc.address());
        }
        return 0;
    }
}
