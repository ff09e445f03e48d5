package dev.healing.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.healing.api.Candidate;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the store commands share: the required {@code --db FILE} and a JSON writer for the store's records. */
final class StoreJson {
    private StoreJson() {
    }

    /** Pretty JSON; instants and durations as ISO-8601 strings; pictures as their size only. */
    static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("iso-time");
        time.addSerializer(Instant.class, ToStringSerializer.instance);
        time.addSerializer(Image.class, new StdSerializer<>(Image.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Image image, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartObject();
                gen.writeNumberField("width", image.width());
                gen.writeNumberField("height", image.height());
                gen.writeEndObject();
            }
        });
        time.addSerializer(Duration.class, ToStringSerializer.instance);
        time.addSerializer(HealResult.class, new StdSerializer<>(HealResult.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(HealResult r, JsonGenerator gen, SerializerProvider provider) throws IOException {
                provider.defaultSerializeValue(flat(r), gen);
            }
        });
        return new ObjectMapper().registerModule(time).enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** A result as one flat object, absent values as null. */
    private static Map<String, Object> flat(HealResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status());
        m.put("workflowId", r.workflowId());
        m.put("stepIndex", r.stepIndex());
        m.put("oldPoint", r.oldPoint().orElse(null));
        m.put("newPoint", r.newPoint().orElse(null));
        m.put("attempts", r.attempts());
        m.put("locator", r.locator().orElse(null));
        m.put("confidence", r.confidence().isPresent() ? r.confidence().getAsDouble() : null);
        m.put("reasoning", r.candidate().map(Candidate::reasoning).orElse(null));
        m.put("reason", r.reason());
        m.put("notes", r.trace().notes());
        m.put("failureKind", r.failureKind());
        m.put("failedAtStep", r.failedAtStep().isPresent() ? r.failedAtStep().getAsInt() : null);
        m.put("approvalClass", r.approvalClass().orElse(null));
        m.put("proposalId", r.proposalId().orElse(null));
        m.put("cost", r.cost());
        m.put("duration", r.duration());
        m.put("history", r.history());
        return m;
    }

    /**
     * @return the required {@code --db FILE|URL}, for {@link StoreOpener#open}
     * @throws UsageException when it is missing
     */
    static String db(Args args) {
        String db = args.option("--db");
        if (db == null || db.isBlank()) {
            throw new UsageException("--db FILE|URL is required (a SQLite file or postgresql://host/db?namespace=team)");
        }
        return db;
    }
}
