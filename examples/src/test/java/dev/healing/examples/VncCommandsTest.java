package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The vnc-* subcommands against a real TigerVNC Xvnc, checked with xdotool. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncCommandsTest {
    static Process xvnc;
    static String display;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/Xvnc"))
                && Files.isExecutable(Path.of("/usr/bin/xdotool")), "Xvnc or xdotool is not installed (see .ci/run)");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        xvnc = new ProcessBuilder("Xvnc", "-displayfd", "1", "-geometry", "160x100", "-depth", "24", "-rfbport",
                String.valueOf(port), "-localhost", "-nolisten", "tcp", "-SecurityTypes", "None", "-UseBlacklist=0",
                "-AlwaysShared").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        display = ":" + new BufferedReader(new InputStreamReader(xvnc.getInputStream(), StandardCharsets.US_ASCII))
                .readLine().trim();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (s.isConnected()) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (xvnc != null) {
            xvnc.destroyForcibly();
            xvnc.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void vncCapture_writesAPngOfTheScreen(@TempDir Path dir) {
        Path png = dir.resolve("screen.png");
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run(new String[] {"vnc-capture", "127.0.0.1:" + port, png.toString()}));
        } finally {
            System.setOut(stdout);
        }
        String json = printed.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"encoding\" : \"RAW\""), "Raw on loopback: " + json);
        assertTrue(json.contains("\"link_bytes_per_s\" : -1"), "160x100 is too small to measure the link: " + json);
        Image img = Image.read(png);
        assertEquals(160, img.width());
        assertEquals(100, img.height());
    }

    @Test
    void vncClick_movesThePointerThere() throws Exception {
        assertEquals(0, Main.run(new String[] {"vnc-click", "127.0.0.1:" + port, "33", "44", "--button", "right",
            "--double"}));
        ProcessBuilder pb = new ProcessBuilder("xdotool", "getmouselocation");
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.startsWith("x:33 y:44 "), out);
    }

    @Test
    void vncType_typesAndBadArgumentsAreUsageErrors() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertEquals(0, Main.run(new String[] {"vnc-type", "127.0.0.1:" + port, "héllo €"}));
        assertEquals(2, Main.run(new String[] {"vnc-click", "127.0.0.1:" + port, "1"}));
        assertEquals(2, Main.run(new String[] {"vnc-click", "127.0.0.1:" + port, "1", "2", "--button", "fourth"}));
        assertEquals(2, Main.run(new String[] {"vnc-capture", "no-port-here", "x.png"}));
        assertEquals(1, Main.run(new String[] {"vnc-capture", "127.0.0.1:" + closedPort, "x.png"}), "nothing listens");
    }

    @Test
    void everyVncCommand_takesThePasswordAndTheSecurityOptions(@TempDir Path dir) throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/vncpasswd")), "vncpasswd is not installed (tigervnc-tools, see .ci/run)");
        Path passwd = dir.resolve("passwd");
        Process pw = new ProcessBuilder("vncpasswd", "-f").redirectOutput(passwd.toFile()).start();
        pw.getOutputStream().write("pa55word\npa55word\n".getBytes(StandardCharsets.UTF_8));
        pw.getOutputStream().close();
        assertEquals(0, pw.waitFor());
        int securePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            securePort = s.getLocalPort();
        }
        Process secure = new ProcessBuilder("Xvnc", "-displayfd", "1", "-geometry", "64x48", "-depth", "24", "-rfbport",
                String.valueOf(securePort), "-localhost", "-nolisten", "tcp", "-SecurityTypes", "VncAuth",
                "-PasswordFile", passwd.toString(), "-UseBlacklist=0", "-AlwaysShared")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            String address = "127.0.0.1:" + securePort;
            for (int i = 0; i < 200 && Main.run(new String[] {"vnc-click", address, "1", "1", "--password", "pa55word"}) != 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(0, Main.run(new String[] {"vnc-click", address, "5", "6", "--password", "pa55word"}));
            assertEquals(0, Main.run(new String[] {"vnc-type", address, "--password", "pa55word", "Hi!"}));
            assertEquals(0, Main.run(new String[] {"vnc-capture", address, "--password", "pa55word",
                dir.resolve("s.png").toString()}));
            assertEquals(1, Main.run(new String[] {"vnc-type", address, "--password", "wrong", "Hi!"}), "wrong password");
            assertEquals(2, Main.run(new String[] {"vnc-type", address, "--pin-cert", dir.resolve("none.pem").toString(),
                "Hi!"}), "unreadable certificate is a usage error");
            assertEquals(2, Main.run(new String[] {"vnc-capture", address, "--trust-store-password", "x", "s.png"}),
                    "a trust store password without a trust store");
            assertEquals(1, Main.run(new String[] {"vnc-click", address, "1", "1", "--anon-tls"}),
                    "VncAuth only: no password given");
        } finally {
            secure.destroyForcibly();
            secure.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A process: quiet, the VNC client never starts slf4j (ms of CPU); with --verbose it logs its
     * connection at DEBUG.
     */
    @Test
    void vncCapture_asAProcess_startsLoggingOnlyWhenVerbose(@TempDir Path dir) throws Exception {
        for (boolean verbose : new boolean[] {false, true}) {
            Path classes = dir.resolve("classes-" + verbose + ".log");
            Path stderr = dir.resolve("stderr-" + verbose + ".txt");
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "vnc-capture", "127.0.0.1:" + port, dir.resolve("s.png").toString()));
            if (verbose) {
                command.add("--verbose");
            }
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile()).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "vnc-capture ended");
            assertEquals(0, p.exitValue(), Files.readString(stderr));
            boolean slf4j = Files.readString(classes).contains("org.slf4j.LoggerFactory ");
            assertEquals(verbose, slf4j, "slf4j started, verbose " + verbose);
            assertEquals(verbose, Files.readString(stderr).contains("connected: RFB 3."), Files.readString(stderr));
        }
    }

    @Test
    void writePng_isReadBackPixelForPixel(@TempDir Path dir) {
        int[] px = new int[37 * 23];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 2654435761L >>> 8) > 0 ? (int) (i * 2654435761L) & 0xFFFFFF : 0;
        }
        Image img = Image.wrap(37, 23, px);
        Path png = dir.resolve("fast.png");
        VncCaptureCommand.writePng(img, png);
        Image back = Image.read(png);
        assertEquals(37, back.width());
        assertEquals(23, back.height());
        assertTrue(java.util.Arrays.equals(px, back.pixels()), "pixels survive the round trip");
    }
}
