package dev.healing.core.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per heal result to a file ({@link HealResultJson}'s format plus
 * {@code similarity} and {@code at}), one line each, so that other tools can tail it. A write
 * failure is logged, never thrown. Thread-safe: lines from concurrent heals never interleave.
 */
public final class JsonLinesHealListener implements HealListener {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesHealListener.class);

    private final Path file;

    /** @param file the file to append to; created when missing */
    public JsonLinesHealListener(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public void onResult(HealRequest request, HealResult result) {
        ObjectNode line = HealResultJson.toNode(result);
        line.put("similarity", request.similarity());
        line.put("at", java.time.Instant.now().toString());
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                log.warn("cannot append the heal result to {}: {}", file, e.getMessage());
            }
        }
    }
}
