package dev.healing.core.hid;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the polling writer when JNA works here, the thread writer otherwise. */
final class ReportWriters {
    private static final Logger log = LoggerFactory.getLogger(ReportWriters.class);
    private static final Object NATIVE = loadNative();

    private ReportWriters() {
    }

    /** @return whether the polling (JNA) writer is available in this JVM */
    static boolean nativeAvailable() {
        return NATIVE != null;
    }

    /**
     * @param preferNative false forces the thread writer (tests, or hosts that distrust JNA)
     */
    static ReportWriter open(Path path, long timeoutNanos, boolean preferNative) {
        if (preferNative && NATIVE != null) {
            return new PollingReportWriter((Posix) NATIVE, path, timeoutNanos);
        }
        return new ThreadedReportWriter(path, timeoutNanos);
    }

    /**
     * Opens {@code path} for reading: non-blocking with poll(2) when JNA works (a close from another
     * thread then ends a pending read), a plain blocking stream otherwise.
     */
    static java.io.InputStream openInput(Path path) throws java.io.IOException {
        if (NATIVE != null) {
            return new PolledInputStream((Posix) NATIVE, path);
        }
        return new java.io.FileInputStream(path.toFile());
    }

    /** @return the bound libc calls, typed Object so this class loads without JNA */
    private static Object loadNative() {
        try {
            Class.forName("com.sun.jna.Native", false, ReportWriters.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            log.debug("JNA not present; HID writes use a writer thread");
            return null;
        }
        try {
            return Posix.load();
        } catch (LinkageError | RuntimeException e) {
            log.info("JNA present but unusable here ({}); HID writes use a writer thread", e.toString());
            return null;
        }
    }
}
