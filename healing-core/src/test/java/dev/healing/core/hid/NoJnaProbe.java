package dev.healing.core.hid;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Run in a JVM whose class path lacks JNA: writes one report through {@link HidGadget} to the
 * FIFO named in args[0] and prints the mechanism used and the bytes that arrived.
 */
public final class NoJnaProbe {
    private NoJnaProbe() {
    }

    /** @param args the FIFO path */
    public static void main(String[] args) throws Exception {
        try {
            Class.forName("com.sun.jna.Native");
            System.out.println("JNA PRESENT");
            return;
        } catch (ClassNotFoundException expected) {
            System.out.println("JNA ABSENT");
        }
        Path fifo = Path.of(args[0]);
        try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw");
             HidGadget g = HidGadget.builder().mouse(fifo).writeTimeout(Duration.ofMillis(500)).build()) {
            g.sendMouse(HidReports.mouse(1, 2, 3, 4, 5));
            byte[] r = new byte[7];
            reader.readFully(r);
            System.out.println("MECHANISM " + g.writeMechanism());
            System.out.println("REPORT " + Arrays.toString(r));
        }
    }
}
