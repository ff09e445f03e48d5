package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Rect;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Security types against real TigerVNC servers: VNC password, the blacklist, VeNCrypt X509. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncSecurityTest {
    static final String PASSWORD = "pa55word";
    static TestServers servers;
    static int vncAuthPort;
    static int tlsPort;
    static int blacklistPort;
    static Path cert;
    static Path otherCert;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvnc", "vncpasswd", "openssl");
        servers = new TestServers();
        Path passwd = servers.passwordFile(PASSWORD);
        vncAuthPort = TestServers.freePort();
        servers.xvnc(64, 48, vncAuthPort, "-SecurityTypes", "VncAuth", "-rfbauth", passwd.toString(), "-UseBlacklist=0");
        blacklistPort = TestServers.freePort();
        servers.xvnc(64, 48, blacklistPort, "-SecurityTypes", "VncAuth", "-rfbauth", passwd.toString(),
                "-BlacklistThreshold=2", "-BlacklistTimeout=60");
        cert = selfSigned("server");
        otherCert = selfSigned("other");
        tlsPort = TestServers.freePort();
        servers.xvnc(64, 48, tlsPort, "-SecurityTypes", "X509Vnc,X509None,TLSNone", "-rfbauth", passwd.toString(),
                "-X509Cert", cert.resolveSibling("server.crt").toString(),
                "-X509Key", cert.resolveSibling("server.key").toString(), "-UseBlacklist=0");
    }

    /** Generates a self-signed certificate for 127.0.0.1 with openssl; returns the .crt path. */
    static Path selfSigned(String name) throws Exception {
        Path dir = servers.dir();
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".crt").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed");
        return dir.resolve(name + ".crt");
    }

    static X509Certificate load(Path crt) throws Exception {
        try (InputStream in = Files.newInputStream(crt)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static KeyStore trustStoreWith(Path crt) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("vnc", load(crt));
        return ks;
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    static VncClient.Builder client(int port) {
        return VncClient.builder().host("127.0.0.1").port(port).quietPeriod(Duration.ZERO)
                .readTimeout(Duration.ofSeconds(5));
    }

    static void assertCaptures(VncClient vnc) {
        assertEquals(Rect.of(0, 0, 64, 48), vnc.screenBounds());
        assertEquals(64, vnc.capture().width());
    }

    @Test
    void vncAuth_rightPassword_connectsAndCaptures() {
        try (VncClient vnc = client(vncAuthPort).password(PASSWORD).connect()) {
            assertCaptures(vnc);
        }
    }

    @Test
    void vncAuth_wrongPassword_authPhaseErrorWithServerReason() {
        VncException e = assertThrows(VncException.class, () -> client(vncAuthPort).password("nope").connect());
        assertEquals(VncException.Phase.AUTH, e.phase());
        assertTrue(e.getMessage().startsWith("VNC 127.0.0.1:" + vncAuthPort + " auth: authentication failed"), e.getMessage());
    }

    @Test
    void blacklist_afterRepeatedFailures_refusalCarriesTheServersReason() {
        for (int i = 0; i < 2; i++) {
            assertThrows(VncException.class, () -> client(blacklistPort).password("bad").connect());
        }
        VncException e = assertThrows(VncException.class, () -> client(blacklistPort).password(PASSWORD).connect());
        assertTrue(e.getMessage().contains("Too many security failures"), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void vencrypt_x509VncWithTrustStore_connectsOverTls() throws Exception {
        try (VncClient vnc = client(tlsPort).trustStore(trustStoreWith(cert)).password(PASSWORD).connect()) {
            assertCaptures(vnc);
        }
    }

    @Test
    void vencrypt_x509NoneWithPinnedCertificate_connectsOverTls() throws Exception {
        try (VncClient vnc = client(tlsPort).pinnedCertificate(load(cert)).connect()) {
            assertCaptures(vnc);
        }
    }

    @Test
    void vencrypt_wrongPassword_overTls_isAnAuthFailure() throws Exception {
        VncException e = assertThrows(VncException.class,
                () -> client(tlsPort).pinnedCertificate(load(cert)).password("wrong").connect());
        assertEquals(VncException.Phase.AUTH, e.phase());
    }

    @Test
    void vencrypt_untrustedCertificate_isRejected() throws Exception {
        for (VncClient.Builder b : List.of(client(tlsPort).trustStore(trustStoreWith(otherCert)),
                client(tlsPort).pinnedCertificate(load(otherCert)))) {
            VncException e = assertThrows(VncException.class, b::connect);
            assertEquals(VncException.Phase.AUTH, e.phase());
            assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
        }
    }

    @Test
    void vencrypt_withoutTlsSettings_explainsWhatToConfigure() {
        VncException e = assertThrows(VncException.class, () -> client(tlsPort).password(PASSWORD).connect());
        assertTrue(e.getMessage().contains("trustStore"), e.getMessage());
    }

    @Test
    void vencrypt_anonymousTlsEnabled_failsClearlyWhenTheJdkHasNoAnonymousSuites() {
        // TLSNone is offered, but the stock JDK disables anonymous cipher suites.
        VncException e = assertThrows(VncException.class, () -> client(tlsPort).allowAnonymousTls(true).connect());
        assertEquals(VncException.Phase.AUTH, e.phase());
        assertTrue(e.getMessage().contains("anonymous"), e.getMessage());
    }
}
