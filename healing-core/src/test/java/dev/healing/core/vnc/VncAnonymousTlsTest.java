package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security type 18 (anonymous TLS, as vino and x11vnc {@code -anontls} offer it): refused with
 * what to configure when not allowed or when the JVM switches anonymous suites off, and working
 * in a JVM that allows them, against a Java server and against x11vnc.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
final class VncAnonymousTlsTest {

    private static VncClient.Builder client(int port) {
        return VncClient.builder().host("127.0.0.1").port(port).reconnectBudget(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(5));
    }

    @Test
    void type18Only_notAllowed_saysHowToAllowIt() throws Exception {
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().text("RFB 003.008\n").u8(1).u8(18).toByteArray());
            out.flush();
            s.getInputStream().read(); // hold the connection open until the client gives up
        })) {
            VncException e = assertThrows(VncException.class, () -> client(server.port()).connect());
            assertTrue(e.getMessage().contains("requires anonymous TLS (security type 18); allow it with"
                    + " allowAnonymousTls(true) (CLI: --anon-tls)"), e.getMessage());
        }
    }

    @Test
    void type18Only_allowedButSwitchedOffInThisJvm_saysWhatToConfigure() throws Exception {
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().text("RFB 003.008\n").u8(1).u8(18).toByteArray());
            out.flush();
            s.getInputStream().read(); // hold the connection open until the client gives up
        })) {
            VncException e = assertThrows(VncException.class,
                    () -> client(server.port()).allowAnonymousTls(true).connectTimeout(Duration.ofSeconds(2)).connect());
            if (Handshake.anonymousSuitesDisabled()) {
                assertTrue(e.getMessage().contains("anonymous TLS is switched off in this JVM")
                        && e.getMessage().contains("-Djava.security.properties=FILE"), e.getMessage());
            } else {
                // this JVM allows anonymous suites: the client went on to the TLS handshake, which the script never answers
                assertTrue(e.getMessage().contains("connect timeout"), e.getMessage());
            }
        }
    }

    @Test
    void type18_inAJvmThatAllowsAnonymousSuites_connectsToAJavaServer(@TempDir Path dir) throws Exception {
        assertEquals("desktop: anonymous tls 4", probe(dir, null));
    }

    @Test
    void type18_againstX11vncAnontls_connectsAndCaptures(@TempDir Path dir) throws Exception {
        TestServers.assumeInstalled("Xvfb", "x11vnc", "openssl");
        try (TestServers servers = new TestServers()) {
            TestServers.Display display = servers.xvfb(160, 120, 24);
            int port = TestServers.freePort();
            // Debian's OpenSSL refuses anonymous suites at its default security level; this is the
            // server-side setting an x11vnc -anontls needs.
            Path conf = dir.resolve("openssl.cnf");
            Files.writeString(conf, "openssl_conf = default_conf\n[default_conf]\nssl_conf = ssl_sect\n[ssl_sect]\n"
                    + "system_default = system_default_sect\n[system_default_sect]\nCipherString = ALL:@SECLEVEL=0\n");
            Process x11vnc = servers.start("x11vnc-anon", List.of("x11vnc", "-display", display.name(), "-rfbport",
                    String.valueOf(port), "-localhost", "-nopw", "-ssl", "TMP", "-anontls", "only", "-forever", "-quiet",
                    "-norc", "-noipv6"), true, Map.of("OPENSSL_CONF", conf.toString()));
            TestServers.awaitPort(port, x11vnc);
            String line = probe(dir, "127.0.0.1:" + port);
            assertTrue(line.startsWith("desktop: ") && line.endsWith(" 160"), line);
        }
    }

    /** Runs {@link AnonTlsProbe} in a JVM whose jdk.tls.disabledAlgorithms no longer lists anon. */
    static String probe(Path dir, String address) throws IOException, InterruptedException {
        Path security = dir.resolve("anon.security");
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4, DES, MD5withRSA,"
                + " DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, NULL\n");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security, "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp",
                classpath, AnonTlsProbe.class.getName()));
        if (address != null) {
            cmd.add(address);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return out.lines().filter(l -> l.startsWith("desktop: ") || l.startsWith("failed: ")).findFirst().orElse(out);
    }
}
