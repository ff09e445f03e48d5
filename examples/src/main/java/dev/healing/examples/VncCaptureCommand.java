package dev.healing.examples;

import dev.healing.api.Image;
import dev.healing.core.vnc.VncClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code vnc-capture HOST:PORT [--password P] OUT.png}: saves a fresh, lossless screenshot. */
final class VncCaptureCommand implements Command {
    @Override
    public String usage() {
        return "vnc-capture HOST:PORT [--password P] OUT.png   (password also from $" + VncCommands.PASSWORD_ENV + ")";
    }

    @Override
    public int run(List<String> args) {
        List<String> positional = new ArrayList<>();
        String password = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--password")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--password needs a value");
                }
                password = args.get(++i);
            } else if (args.get(i).startsWith("--")) {
                throw new UsageException("unknown option " + args.get(i));
            } else {
                positional.add(args.get(i));
            }
        }
        if (positional.size() != 2) {
            throw new UsageException("expected HOST:PORT and OUT.png, got " + positional);
        }
        Path out = Path.of(positional.get(1));
        try (VncClient vnc = VncCommands.builder(positional.get(0), password).connect()) {
            Image frame = vnc.capture();
            frame.writePng(out);
            System.out.println("wrote " + out + " (" + frame.width() + "x" + frame.height() + ") from " + vnc.address());
        }
        return 0;
    }
}
