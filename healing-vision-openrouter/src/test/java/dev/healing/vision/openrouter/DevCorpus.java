package dev.healing.vision.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The dev corpus of ../shared/corpus/dev: per case the live screen, the old point and the expected box (null: gone). */
final class DevCorpus {
    static final Path DIR = Path.of("../../shared/corpus/dev");

    /**
     * One case.
     *
     * @param oldBox the element's box before the change, which on a look-alike case holds a look-alike now
     */
    record Case(String id, String kind, String description, Point old, Rect oldBox, Rect expected, Image screen) {
    }

    private DevCorpus() {
    }

    /** Decoded once per test JVM: every test class shares the frames. */
    private static List<Case> loaded;

    /**
     * @return every case, decoded once and shared by every caller (images are immutable); fails
     *     when the corpus is missing (it is part of the repository's shared tree)
     */
    static synchronized List<Case> load() {
        if (loaded == null) {
            loaded = List.copyOf(read());
        }
        return loaded;
    }

    private static List<Case> read() {
        if (!Files.isDirectory(DIR)) {
            throw new IllegalStateException("dev corpus not found at " + DIR.toAbsolutePath());
        }
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> pairs = Files.list(DIR)) {
            for (Path pair : pairs.sorted().toList()) {
                Path json = pair.resolve("cases.json");
                if (!Files.exists(json)) {
                    continue;
                }
                JsonNode root = FakeChat.JSON.readTree(json.toFile());
                Image screen = Image.read(pair.resolve("current.png"));
                for (JsonNode c : root.path("cases")) {
                    JsonNode e = c.path("expected");
                    JsonNode b = c.path("baseline");
                    cases.add(new Case(c.path("id").asText(), root.path("kind").asText(), c.path("description").asText(),
                            new Point(b.path("x").asInt(), b.path("y").asInt()), box(b.path("box")),
                            e.isNull() ? null : box(e.path("box")), screen));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static Rect box(JsonNode b) {
        return b.isMissingNode() || b.isNull() ? null
                : Rect.ofCorners(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt());
    }
}
