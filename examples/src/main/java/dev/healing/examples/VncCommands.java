package dev.healing.examples;

import dev.healing.core.vnc.VncClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Shared argument handling of the {@code vnc-*} subcommands, including every security option. */
final class VncCommands {
    /** Environment variable read for the VNC password when no {@code --password} is given. */
    static final String PASSWORD_ENV = "VNC_PASSWORD";
    /** Options with a value that every {@code vnc-*} command accepts. */
    static final List<String> SECURITY_OPTIONS = List.of("--password", "--user", "--trust-store",
            "--trust-store-password", "--pin-cert");
    /** Flags that every {@code vnc-*} command accepts. */
    static final List<String> SECURITY_FLAGS = List.of("--anon-tls");
    /** The usage text of the security options. */
    static final String SECURITY_USAGE = "[--password P] [--user U] [--trust-store FILE [--trust-store-password P]]"
            + " [--pin-cert CERT.pem] [--anon-tls]";

    private VncCommands() {
    }

    /** @return {@code own} followed by the security options */
    static List<String> with(List<String> own, List<String> security) {
        List<String> all = new ArrayList<>(own);
        all.addAll(security);
        return all;
    }

    /** @return a builder for {@code HOST:PORT}, with the password from the argument or the environment */
    static VncClient.Builder builder(String address, String password) {
        VncClient.Builder b;
        try {
            b = VncClient.builder().address(address);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String pw = password != null ? password : System.getenv(PASSWORD_ENV);
        if (pw != null && !pw.isEmpty()) {
            b.password(pw);
        }
        return b;
    }

    /**
     * @return a builder for the first positional argument with every security option applied:
     *         {@code --password} (else $VNC_PASSWORD), {@code --user} (VeNCrypt Plain),
     *         {@code --trust-store} (PKCS#12 or JKS, for X.509 VeNCrypt), {@code --pin-cert} (accept
     *         exactly this PEM or DER certificate) and {@code --anon-tls} (anonymous TLS: VeNCrypt
     *         TLS sub-types and security type 18)
     */
    static VncClient.Builder builder(Args a) {
        VncClient.Builder b = builder(a.positional(0), a.option("--password"));
        String user = a.option("--user");
        if (user != null) {
            b.username(user);
        }
        String store = a.option("--trust-store");
        if (store != null) {
            b.trustStore(trustStore(Path.of(store), a.option("--trust-store-password")));
        } else if (a.option("--trust-store-password") != null) {
            throw new UsageException("--trust-store-password needs --trust-store");
        }
        String pin = a.option("--pin-cert");
        if (pin != null) {
            b.pinnedCertificate(certificate(Path.of(pin)));
        }
        if (a.flag("--anon-tls")) {
            b.allowAnonymousTls(true);
        }
        return b;
    }

    private static KeyStore trustStore(Path file, String password) {
        try {
            return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("cannot read trust store " + file + ": " + e.getMessage());
        }
    }

    private static X509Certificate certificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new UsageException("cannot read certificate " + file + ": " + e.getMessage());
        }
    }

    static int parseInt(String name, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v < 0) {
                throw new UsageException(name + " must not be negative: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number: " + value);
        }
    }
}
