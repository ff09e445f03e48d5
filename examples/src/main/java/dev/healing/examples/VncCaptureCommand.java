package dev.healing.examples;

import dev.healing.api.Image;
import dev.healing.core.vnc.VncClient;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** {@code vnc-capture HOST:PORT [security options] OUT.png}: saves a fresh, lossless screenshot. */
final class VncCaptureCommand implements Command {
    @Override
    public String usage() {
        return "vnc-capture HOST:PORT " + VncCommands.SECURITY_USAGE + " OUT.png";
    }

    @Override
    public String description() {
        return "Saves a fresh, lossless screenshot as PNG. The password may also come from $"
                + VncCommands.PASSWORD_ENV + ".";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, VncCommands.SECURITY_OPTIONS, VncCommands.SECURITY_FLAGS, 2, 2);
        Path out = Path.of(a.positional(1));
        try (VncClient vnc = VncCommands.builder(a).connect()) {
            Image frame = vnc.capture();
            writePng(frame, out);
            return JsonOutput.print(this, true, JsonOutput.fields("wrote", out.toAbsolutePath().toString(),
                    "width", frame.width(), "height", frame.height(), "server", vnc.address()));
        }
    }

    /**
     * Writes {@code image} as a lossless 8-bit RGB PNG, compressed fast (zlib level 1, no row
     * filter): a whole-process screenshot spends most of its time here otherwise.
     */
    static void writePng(Image image, Path file) {
        int w = image.width();
        int h = image.height();
        int[] rgb = image.pixels();
        try (OutputStream file0 = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(file0, 1 << 16))) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
            DataOutputStream hd = new DataOutputStream(header);
            hd.writeInt(w);
            hd.writeInt(h);
            hd.write(new byte[] {8, 2, 0, 0, 0});
            chunk(out, "IHDR", header.toByteArray());
            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream(w * h / 4 + 1024);
            Deflater deflater = new Deflater(1);
            try (DeflaterOutputStream z = new DeflaterOutputStream(data, deflater, 1 << 16)) {
                byte[] row = new byte[1 + 3 * w];
                for (int y = 0; y < h; y++) {
                    int base = y * w;
                    for (int x = 0, o = 1; x < w; x++, o += 3) {
                        int p = rgb[base + x];
                        row[o] = (byte) (p >> 16);
                        row[o + 1] = (byte) (p >> 8);
                        row[o + 2] = (byte) p;
                    }
                    z.write(row);
                }
            } finally {
                deflater.end();
            }
            chunk(out, "IDAT", data.toByteArray());
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + file, e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeInt(body.length);
        out.write(t);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
