package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code play} rejects incomplete option groups as usage errors before connecting anywhere. */
final class PlayCommandArgsTest {
    @TempDir
    Path dir;

    private int play(String... options) throws Exception {
        Path file = dir.resolve("w.json");
        Files.writeString(file, "{\"actions\": []}");
        String[] args = new String[options.length + 2];
        args[0] = "play";
        args[1] = file.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return Main.run(args);
    }

    @Test
    void play_incompleteHidVisionOrVnc_isAUsageError() throws Exception {
        assertEquals(2, play("--db", "x.db"), "no --vnc");
        assertEquals(2, play("--vnc", "127.0.0.1:1", "--db", "x.db", "--hid-mouse", "/dev/hidg1"));
        assertEquals(2, play("--vnc", "127.0.0.1:1", "--db", "x.db", "--hid-mouse", "/dev/hidg1", "--hid-keyboard",
                "/dev/hidg0", "--screen", "wide"));
        assertEquals(2, play("--vnc", "127.0.0.1:1", "--db", "x.db", "--vision-endpoint", "http://127.0.0.1:1"));
        assertEquals(2, play("--vnc", "127.0.0.1:1", "--db", "x.db", "--vision-key", "k"));
        assertEquals(2, play("--vnc", "no-port", "--db", "x.db"));
    }

    @Test
    void play_visionProfile_withoutEndpointOrUnknown_isAUsageErrorBeforeConnecting() throws Exception {
        assertEquals(2, play("--vnc", "127.0.0.1:1", "--db", "x.db", "--vision-profile", "gta1"));
        assertEquals(2, play("--vnc", "127.0.0.1:1", "--db", "x.db", "--vision-endpoint", "http://127.0.0.1:1",
                "--vision-model", "m", "--vision-profile", "no-such-profile"));
        assertTrue(new PlayCommand().usage().contains("[--vision-profile NAME]"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains("| `" + new PlayCommand().usage().replace("--db FILE", "--db FILE\\|URL") + "` |"),
                "README's play row carries the usage line");
    }
}
