package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The memory bound: a child JVM with a 256 MB heap meets an 8K desktop at connect and after a
 * resize (both refused, naming the heap they need) and a 4K desktop resizing back and forth
 * (captured every time); none ends in an {@link OutOfMemoryError}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncHeapBoundTest {

    @Test
    void smallHeap_8kRefusedClearly_4kChurnCaptured_noOutOfMemoryError() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", classpath, HeapProbe.class.getName())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
        List<String> lines = out.lines().filter(l -> l.matches("^[a-z0-9]+: .*")).toList();
        assertEquals(3, lines.size(), out);
        assertTrue(lines.get(0).startsWith("connect8k: VncException VNC 127.0.0.1:")
                && lines.get(0).contains("a 7680x4320 framebuffer needs 254 MB of heap")
                && lines.get(0).contains("start the JVM with -Xmx572m or more"), lines.get(0));
        assertEquals("churn4k: ok 8 captures", lines.get(1));
        assertTrue(lines.get(2).startsWith("resize8k: VncException") && lines.get(2).contains("7680x4320 framebuffer needs"),
                lines.get(2));
    }
}
