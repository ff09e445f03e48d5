package dev.healing.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Test-only, compiled into every module's tests (the parent pom adds {@code test-support/java} as a
 * test source folder): what a test needs from the machine. With {@code CI=true} a missing server
 * or browser fails the test, so a green CI run means every real-server test ran; on a developer's
 * machine it skips the test (a JUnit assumption) with the same message.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    /** @return whether the environment says this is a CI run ({@code CI=true}) */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Fails (with {@code CI=true}) or skips the calling test unless {@code present}.
     *
     * @param missing what is missing and where it comes from, e.g. "Xvnc is not installed (see .ci/run)"
     */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (onCi()) {
            fail(missing + "; with CI=true every real-server test must run, so .ci/run must install it");
        }
        Assumptions.abort(missing + " (skipped here; fails with CI=true)");
    }

    /** {@link #require}s every binary on the PATH. */
    public static void requireOnPath(String... binaries) {
        for (String b : binaries) {
            require(onPath(b), b + " is not installed (see .ci/run)");
        }
    }

    /** @return whether {@code binary} is an executable on the PATH */
    public static boolean onPath(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }
}
