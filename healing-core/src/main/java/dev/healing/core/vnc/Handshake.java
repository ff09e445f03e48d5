package dev.healing.core.vnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Internal: the RFB handshake from the protocol version to ServerInit: version 3.3/3.7/3.8
 * (3.5 and other 3.x below 3.7 as 3.3), security None, VNC authentication and VeNCrypt (TLS with
 * X.509 or, when enabled, anonymous TLS). Not thread-safe; used once per connection.
 */
final class Handshake {
    static final int SEC_NONE = 1;
    static final int SEC_VNC = 2;
    static final int SEC_TLS = 18;
    static final int SEC_VENCRYPT = 19;
    static final int VENCRYPT_TLS_NONE = 257;
    static final int VENCRYPT_TLS_VNC = 258;
    static final int VENCRYPT_TLS_PLAIN = 259;
    static final int VENCRYPT_X509_NONE = 260;
    static final int VENCRYPT_X509_VNC = 261;
    static final int VENCRYPT_X509_PLAIN = 262;
    private static final int MAX_REASON = 64 * 1024;

    /** Refusal by the server, with its reason: a {@link VncException}, not a protocol error. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private Socket socket;
    RfbInput in;
    OutputStream out;
    VncException.Phase phase = VncException.Phase.HANDSHAKE;
    int minor;
    int securityType;
    int width;
    int height;
    PixelFormat serverFormat;
    String desktopName;
    /**
     * Whether the server looks like vino: RFB 3.7 offering security type 18, which only vino's
     * own copy of libvncserver does. vino types through the desktop's keymap and drops keysyms
     * missing from it.
     */
    boolean vino;

    private final long deadline;
    private final String overdue;

    /**
     * @param deadline the {@link System#nanoTime()} by which the whole handshake must be done
     */
    Handshake(Settings settings, Socket socket, InputStream in, OutputStream out, long deadline) {
        this.settings = settings;
        this.socket = socket;
        this.deadline = deadline;
        this.overdue = "the server did not complete the handshake within the connect timeout of "
                + settings.connectTimeout().toMillis() + " ms";
        this.in = input(in, socket);
        this.out = out;
    }

    private RfbInput input(InputStream stream, Socket s) {
        RfbInput i = new RfbInput(stream, s, (int) settings.readTimeout().toMillis());
        i.deadline(deadline, overdue);
        return i;
    }

    /** The socket after the handshake (a TLS socket after VeNCrypt), or null for bare streams. */
    Socket socket() {
        return socket;
    }

    void run() throws IOException {
        version();
        security();
        phase = VncException.Phase.HANDSHAKE;
        out.write(settings.shared() ? 1 : 0);
        out.flush();
        serverInit();
        in.clearDeadline();
    }

    private void version() throws IOException {
        byte[] v = new byte[12];
        in.readFully(v, 0, 12);
        String text = new String(v, StandardCharsets.ISO_8859_1);
        if (!isVersion(v)) {
            throw new ProtocolViolation("not an RFB server: it greeted with \"" + printable(text) + "\"");
        }
        int major = Integer.parseInt(text.substring(4, 7));
        int serverMinor = Integer.parseInt(text.substring(8, 11));
        if (major < 3) {
            throw new ProtocolViolation("unsupported RFB version " + major + "." + serverMinor);
        }
        minor = major > 3 || serverMinor >= 8 ? 8 : serverMinor == 7 ? 7 : 3;
        out.write(new byte[] {'R', 'F', 'B', ' ', '0', '0', '3', '.', '0', '0', (byte) ('0' + minor), '\n'});
        out.flush();
    }

    /** @return whether {@code v} is {@code "RFB ddd.ddd\n"} (checked by hand: a regex costs a cold start ~20 ms) */
    private static boolean isVersion(byte[] v) {
        for (int i = 0; i < 12; i++) {
            byte b = v[i];
            boolean ok = switch (i) {
                case 0 -> b == 'R';
                case 1 -> b == 'F';
                case 2 -> b == 'B';
                case 3 -> b == ' ';
                case 7 -> b == '.';
                case 11 -> b == '\n';
                default -> b >= '0' && b <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void security() throws IOException {
        if (minor == 3) {
            int type = in.s32();
            if (type == 0) {
                throw new Refused("the server refused the connection: " + reason());
            }
            if (type != SEC_NONE && type != SEC_VNC) {
                throw new ProtocolViolation("RFB 3.3 security type " + type + " is not defined");
            }
            securityType = type;
        } else {
            securityType = chooseOffered(false);
        }
        phase = VncException.Phase.AUTH;
        if (securityType == SEC_TLS) {
            // Type 18 (vino, x11vnc -anontls): anonymous TLS, then the security types again inside it.
            startTls(true);
            securityType = chooseOffered(true);
        }
        boolean result = true;
        if (securityType == SEC_VNC) {
            vncAuth();
        } else if (securityType == SEC_VENCRYPT) {
            veNCrypt();
        } else {
            result = minor >= 8;
        }
        if (result) {
            int status = in.s32();
            if (status != 0) {
                String why = minor >= 8 ? reason() : "authentication failed";
                throw new Refused("authentication failed (security result " + status + "): " + why);
            }
        }
    }

    /** Reads the offered security types (RFB 3.7+), picks one and tells the server. */
    private int chooseOffered(boolean insideTls) throws IOException {
        int count = in.u8();
        if (count == 0) {
            throw new Refused("the server refused the connection: " + reason());
        }
        int[] offered = new int[count];
        for (int i = 0; i < count; i++) {
            offered[i] = in.u8();
        }
        vino |= !insideTls && minor == 7 && contains(offered, SEC_TLS);
        int type = choose(offered, insideTls);
        out.write(type);
        out.flush();
        return type;
    }

    private int choose(int[] offered, boolean insideTls) throws IOException {
        boolean vencrypt = !insideTls && contains(offered, SEC_VENCRYPT);
        boolean x509 = settings.trustStore() != null || settings.pinnedCertificate() != null;
        if (vencrypt && x509) {
            return SEC_VENCRYPT;
        }
        if (!insideTls && settings.anonymousTls() && contains(offered, SEC_TLS)) {
            return SEC_TLS;
        }
        if (vencrypt && settings.tlsConfigured()) {
            return SEC_VENCRYPT;
        }
        if (settings.password() != null && contains(offered, SEC_VNC)) {
            return SEC_VNC;
        }
        if (contains(offered, SEC_NONE)) {
            return SEC_NONE;
        }
        if (contains(offered, SEC_VNC)) {
            throw new Refused("the server requires a VNC password; set one with password(...) (CLI: --password)");
        }
        if (vencrypt) {
            throw new Refused("the server requires VeNCrypt (TLS); configure trustStore(...), "
                    + "pinnedCertificate(...) or allowAnonymousTls(true) (CLI: --trust-store, --pin-cert, --anon-tls)");
        }
        if (!insideTls && contains(offered, SEC_TLS)) {
            throw new Refused("the server requires anonymous TLS (security type 18); allow it with"
                    + " allowAnonymousTls(true) (CLI: --anon-tls)");
        }
        throw new Refused("no common security type: the server offers " + Arrays.toString(offered)
                + (insideTls ? " inside TLS" : "") + ", this client supports 1 (None), 2 (VNC), 18 (TLS) and 19 (VeNCrypt)");
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private String reason() throws IOException {
        int len = in.s32();
        if (len < 0 || len > MAX_REASON) {
            throw new ProtocolViolation("reason string length " + Integer.toUnsignedString(len) + " is absurd");
        }
        byte[] b = new byte[len];
        in.readFully(b, 0, len);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void vncAuth() throws IOException {
        if (settings.password() == null) {
            throw new Refused("the server requires a VNC password; set one with password(...)");
        }
        byte[] challenge = new byte[16];
        in.readFully(challenge, 0, 16);
        out.write(VncAuth.response(settings.password(), challenge));
        out.flush();
    }

    private void veNCrypt() throws IOException {
        int major = in.u8();
        int vminor = in.u8();
        if (major != 0 || vminor < 2) {
            throw new Refused("unsupported VeNCrypt version " + major + "." + vminor + " (need 0.2)");
        }
        out.write(new byte[] {0, 2});
        out.flush();
        if (in.u8() != 0) {
            throw new Refused("the server rejected VeNCrypt version 0.2");
        }
        int count = in.u8();
        if (count == 0) {
            throw new Refused("the server offers no VeNCrypt sub-types");
        }
        int[] offered = new int[count];
        for (int i = 0; i < count; i++) {
            offered[i] = in.s32();
        }
        int sub = chooseSubtype(offered);
        out.write(ByteBuffer.allocate(4).putInt(sub).array());
        out.flush();
        if (in.u8() != 1) {
            throw new Refused("the server rejected VeNCrypt sub-type " + sub);
        }
        startTls(sub <= VENCRYPT_TLS_PLAIN);
        if (sub == VENCRYPT_TLS_VNC || sub == VENCRYPT_X509_VNC) {
            vncAuth();
        } else if (sub == VENCRYPT_TLS_PLAIN || sub == VENCRYPT_X509_PLAIN) {
            byte[] user = (settings.username() == null ? "" : settings.username()).getBytes(StandardCharsets.UTF_8);
            byte[] pass = (settings.password() == null ? "" : settings.password()).getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(8 + user.length + pass.length)
                    .putInt(user.length).putInt(pass.length).put(user).put(pass).array());
            out.flush();
        }
    }

    private int chooseSubtype(int[] offered) throws IOException {
        List<Integer> wanted = new ArrayList<>();
        boolean x509 = settings.trustStore() != null || settings.pinnedCertificate() != null;
        if (x509) {
            if (settings.username() != null) {
                wanted.add(VENCRYPT_X509_PLAIN);
            }
            if (settings.password() != null) {
                wanted.add(VENCRYPT_X509_VNC);
            }
            wanted.add(VENCRYPT_X509_NONE);
        }
        if (settings.anonymousTls()) {
            if (settings.username() != null) {
                wanted.add(VENCRYPT_TLS_PLAIN);
            }
            if (settings.password() != null) {
                wanted.add(VENCRYPT_TLS_VNC);
            }
            wanted.add(VENCRYPT_TLS_NONE);
        }
        for (int w : wanted) {
            if (contains(offered, w)) {
                return w;
            }
        }
        throw new Refused("no usable VeNCrypt sub-type: the server offers " + Arrays.toString(offered)
                + "; this client is configured for " + wanted
                + " (260-262 need trustStore/pinnedCertificate, 257-259 need allowAnonymousTls, Plain needs username)");
    }

    private void startTls(boolean anonymous) throws IOException {
        if (socket == null) {
            throw new ProtocolViolation("TLS is not possible on this transport");
        }
        if (in.buffered() > 0) {
            throw new ProtocolViolation("the server sent data before the TLS handshake");
        }
        if (anonymous && anonymousSuitesDisabled()) {
            throw new Refused("anonymous TLS is switched off in this JVM: its security property"
                    + " jdk.tls.disabledAlgorithms lists \"anon\". Start Java with -Djava.security.properties=FILE,"
                    + " where FILE sets jdk.tls.disabledAlgorithms to the same list without \"anon\", or use X.509"
                    + " (trustStore/pinnedCertificate; CLI: --trust-store, --pin-cert) if the server has a certificate");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, anonymous ? null : trustManagers(), null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory()
                    .createSocket(socket, settings.host(), settings.port(), true);
            tls.setUseClientMode(true);
            SSLParameters params = tls.getSSLParameters();
            if (anonymous) {
                String[] anon = Arrays.stream(tls.getSupportedCipherSuites())
                        .filter(s -> s.contains("_anon_")).toArray(String[]::new);
                if (anon.length == 0) {
                    throw new Refused("anonymous TLS is enabled but this JRE offers no anonymous cipher suites "
                            + "(jdk.tls.disabledAlgorithms removes them); use X509 with a trust store instead");
                }
                params.setCipherSuites(anon);
                params.setProtocols(new String[] {"TLSv1.2"});
            } else if (settings.pinnedCertificate() == null) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            tls.setSSLParameters(params);
            tls.startHandshake();
            socket = tls;
            in = input(tls.getInputStream(), tls);
            out = tls.getOutputStream();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** @return whether {@code jdk.tls.disabledAlgorithms} switches off anonymous cipher suites */
    static boolean anonymousSuitesDisabled() {
        String disabled = java.security.Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled == null) {
            return false;
        }
        for (String entry : disabled.split(",")) {
            if (entry.trim().equalsIgnoreCase("anon")) {
                return true;
            }
        }
        return false;
    }

    private TrustManager[] trustManagers() throws GeneralSecurityException {
        X509Certificate pinned = settings.pinnedCertificate();
        if (pinned != null) {
            return new TrustManager[] {new PinnedTrustManager(pinned)};
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(settings.trustStore());
        return f.getTrustManagers();
    }

    private void serverInit() throws IOException {
        width = in.u16();
        height = in.u16();
        HeapBudget.checkFramebuffer(width, height, settings.maxPixels());
        byte[] pf = new byte[16];
        in.readFully(pf, 0, 16);
        serverFormat = PixelFormat.parse(pf, 0);
        int len = in.s32();
        if (len < 0 || len > MAX_REASON) {
            throw new ProtocolViolation("desktop name length " + Integer.toUnsignedString(len) + " is absurd");
        }
        byte[] name = new byte[len];
        in.readFully(name, 0, len);
        desktopName = new String(name, StandardCharsets.UTF_8);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    /** Trusts exactly one certificate, compared byte for byte. */
    private static final class PinnedTrustManager implements X509TrustManager {
        private final X509Certificate pinned;

        PinnedTrustManager(X509Certificate pinned) {
            this.pinned = pinned;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !Arrays.equals(chain[0].getEncoded(), pinned.getEncoded())) {
                String got = chain == null || chain.length == 0 ? "none" : fingerprint(chain[0]);
                throw new CertificateException("the server certificate (SHA-256 " + got
                        + ") is not the pinned one (SHA-256 " + fingerprint(pinned) + ")");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private static String fingerprint(X509Certificate c) throws CertificateException {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
        }
    }
}
