package dev.healing.examples;

import dev.healing.api.Image;
import dev.healing.core.vnc.VncClient;
import java.nio.file.Path;
import java.util.List;

/** {@code vnc-capture HOST:PORT [--password P] OUT.png}: saves a fresh, lossless screenshot. */
final class VncCaptureCommand implements Command {
    @Override
    public String usage() {
        return "vnc-capture HOST:PORT [--password P] OUT.png";
    }

    @Override
    public String description() {
        return "Saves a fresh, lossless screenshot as PNG. The password may also come from $"
                + VncCommands.PASSWORD_ENV + ".";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, List.of("--password"), List.of(), 2, 2);
        String password = a.option("--password");
        Path out = Path.of(a.positional(1));
        try (VncClient vnc = VncCommands.builder(a.positional(0), password).connect()) {
            Image frame = vnc.capture();
            frame.writePng(out);
            return JsonOutput.print(this, true, JsonOutput.fields("wrote", out.toAbsolutePath().toString(),
                    "width", frame.width(), "height", frame.height(), "server", vnc.address()));
        }
    }
}
