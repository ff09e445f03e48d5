package dev.healing.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CI policy: a missing real server fails the test with CI=true and skips it otherwise. */
final class PrerequisitesTest {
    /** Child JVM: calls {@code Prerequisites.require(false, "Xfoo is not installed")} and prints what it threw. */
    public static void main(String[] args) {
        try {
            Prerequisites.require(false, "Xfoo is not installed");
            System.out.println("returned");
        } catch (Throwable t) {
            System.out.println(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    }

    private static String run(String ci, String method) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PrerequisitesTest.class.getName(), method)).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("CI");
        if (ci != null) {
            pb.environment().put("CI", ci);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void require_missingWithCiTrue_failsNamingWhatIsMissing() throws Exception {
        String out = run("true", "require");
        assertTrue(out.startsWith("AssertionFailedError: Xfoo is not installed"), out);
    }

    @Test
    void require_missingWithoutCi_skips() throws Exception {
        assertTrue(run(null, "require").startsWith("TestAbortedException: Xfoo is not installed"));
        assertTrue(run("false", "require").startsWith("TestAbortedException:"));
    }

    @Test
    void require_present_returns() {
        Prerequisites.require(true, "never shown");
        assertFalse(Prerequisites.onPath("surely-not-a-binary-" + System.nanoTime()));
    }
}
