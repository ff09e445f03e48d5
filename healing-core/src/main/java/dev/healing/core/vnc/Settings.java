package dev.healing.core.vnc;

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

    boolean tlsConfigured() {
        return trustStore != null || pinnedCertificate != null || anonymousTls;
    }
}
