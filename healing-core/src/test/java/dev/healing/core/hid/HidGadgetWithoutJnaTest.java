package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.healing.api.InputException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** JNA is an optional dependency: without it on the class path the gadget still works, through a writer thread. */
@Timeout(60)
final class HidGadgetWithoutJnaTest {
    @TempDir
    Path dir;

    @Test
    void gadget_withoutJnaOnClassPath_writesThroughWriterThread() throws Exception {
        Path fifo = Fifo.create(dir, "hidg1");
        List<String> classPath = new ArrayList<>();
        for (Class<?> c : List.of(HidGadget.class, NoJnaProbe.class, InputException.class, LoggerFactory.class)) {
            classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp",
                String.join(File.pathSeparator, classPath), NoJnaProbe.class.getName(), fifo.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(45, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM did not finish");
        }
        List<String> lines = Arrays.stream(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .split("\n")).filter(l -> !l.startsWith("SLF4J")).toList();
        assertEquals(List.of("JNA ABSENT", "MECHANISM thread", "REPORT " + Arrays.toString(HidReports.mouse(1, 2, 3, 4, 5))),
                lines, "exit " + p.exitValue());
    }
}
