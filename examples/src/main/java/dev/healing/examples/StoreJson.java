package dev.healing.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.healing.api.Image;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

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
        return new ObjectMapper().registerModule(time).enable(SerializationFeature.INDENT_OUTPUT);
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
