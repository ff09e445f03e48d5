package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.testing.Threads;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * VeNCrypt X509Plain (user name and password inside TLS) against a small RFB server written here
 * on a real TLS socket: TigerVNC checks Plain credentials through PAM, which a test cannot set up.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class VncPlainOverTlsTest {
    @TempDir
    Path dir;

    @Test
    void x509Plain_sendsUserAndPasswordOnlyInsideTls() throws Exception {
        TestServers.assumeInstalled("keytool");
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder("keytool", "-genkeypair", "-alias", "vnc", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ks)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) keyStore.getCertificate("vnc");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> credentials = CompletableFuture.supplyAsync(() -> serve(listener, tls), Threads.EACH);
            try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(listener.getLocalPort())
                    .pinnedCertificate(cert).username("alice").password("wonder land").quietPeriod(Duration.ZERO)
                    .connect()) {
                assertEquals("tls desktop", vnc.desktopName());
            }
            assertEquals("alice/wonder land", credentials.get(10, TimeUnit.SECONDS));
        }
    }

    private static String serve(ServerSocket listener, SSLContext tls) {
        try (Socket plain = listener.accept()) {
            DataInputStream in = new DataInputStream(plain.getInputStream());
            DataOutputStream out = new DataOutputStream(plain.getOutputStream());
            out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            in.readFully(new byte[12]);
            out.write(new byte[] {1, 19});
            if (in.readUnsignedByte() != 19) {
                throw new IOException("client did not choose VeNCrypt");
            }
            out.write(new byte[] {0, 2});
            in.readFully(new byte[2]);
            out.write(0);
            out.write(2);
            out.writeInt(260);
            out.writeInt(262);
            if (in.readInt() != 262) {
                throw new IOException("client did not choose X509Plain");
            }
            out.write(1);
            out.flush();
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), false);
            s.setUseClientMode(false);
            s.startHandshake();
            DataInputStream tin = new DataInputStream(s.getInputStream());
            DataOutputStream tout = new DataOutputStream(s.getOutputStream());
            byte[] user = new byte[tin.readInt()];
            byte[] pass = new byte[tin.readInt()];
            tin.readFully(user);
            tin.readFully(pass);
            tout.writeInt(0);
            tin.readUnsignedByte();
            tout.write(new ServerScript().serverInit(8, 8, "tls desktop").toByteArray());
            tout.flush();
            String result = new String(user, StandardCharsets.UTF_8) + "/" + new String(pass, StandardCharsets.UTF_8);
            // Hold the connection until the client closes it: closing first would race the client's
            // desktopName() against its reconnect to this one-shot server.
            try {
                while (tin.read() >= 0) {
                    // the client's setup messages
                }
            } catch (IOException closedByClient) {
                // the client closed the connection
            }
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
