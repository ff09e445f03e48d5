package dev.healing.core.vnc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** Internal: the validated, immutable settings of a {@link VncClient}. */
record Settings(
        String host,
        int port,
        String username,
        String password,
        Duration connectTimeout,
        Duration readTimeout,
        Duration captureTimeout,
        Duration quietPeriod,
        boolean quietPeriodExplicit,
        Duration settleLimit,
        Duration reconnectBudget,
        int[] encodings,
        boolean encodingsExplicit,
        boolean shared,
        KeyStore trustStore,
        X509Certificate pinnedCertificate,
        boolean anonymousTls,
        int jpegQuality,
        long maxPixels,
        PixelFormat requestedFormat,
        boolean oneShot) {

    String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * @return where to connect. "localhost" is the loopback address without asking the resolver
     *     (RFC 6761, 6.3), as the JDK would answer it in its default configuration: this spares a
     *     one-shot process the resolver's start-up (reading the security properties, ms of CPU).
     */
    InetSocketAddress socketAddress() {
        return isLocalhost(host) ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port)
                : new InetSocketAddress(host, port);
    }

    static boolean isLocalhost(String host) {
        return "localhost".equalsIgnoreCase(host);
    }

    boolean tlsConfigured() {
        return trustStore != null || pinnedCertificate != null || anonymousTls;
    }
}
