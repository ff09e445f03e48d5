package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The configfs setup script in examples/scripts must create exactly the descriptors the encoder speaks. */
@Timeout(30)
final class HidGadgetScriptTest {
    @TempDir
    Path dir;

    private static Path script() {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return moduleDir.toAbsolutePath().getParent().resolve("examples/scripts/hid-gadget-setup.sh");
    }

    @Test
    void setupScript_writesTheEncodersDescriptors() throws Exception {
        Path script = script();
        assertTrue(Files.isRegularFile(script), "missing " + script);
        Process p = new ProcessBuilder("bash", script.toString(), "--descriptors-to", dir.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "script did not finish");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertArrayEquals(HidReports.keyboardDescriptor(), Files.readAllBytes(dir.resolve("keyboard.bin")));
        assertArrayEquals(HidReports.mouseDescriptor(), Files.readAllBytes(dir.resolve("mouse.bin")));
    }

    @Test
    void setupScript_declaresReportLengthsOfTheEncoder() throws Exception {
        String text = Files.readString(script());
        assertTrue(text.contains("echo " + HidReports.KEYBOARD_REPORT_LENGTH + " > functions/hid.keyboard/report_length"));
        assertTrue(text.contains("echo " + HidReports.MOUSE_REPORT_LENGTH + " > functions/hid.mouse/report_length"));
    }
}
