package dev.healing.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.healing.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the store commands share: {@code --db FILE} parsing and a JSON writer for the store's records. */
final class StoreJson {
    private StoreJson() {
    }

    /** Pretty JSON; instants and durations as ISO-8601 strings. */
    static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("iso-time");
        time.addSerializer(Instant.class, ToStringSerializer.instance);
        time.addSerializer(Duration.class, ToStringSerializer.instance);
        return new ObjectMapper().registerModule(time).enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Opens an existing store read-mostly (never creates a file). */
    static SqliteStore open(Path db) {
        return SqliteStore.builder().path(db).createIfMissing(false).build();
    }

    /**
     * @return the value after {@code name} in {@code args}, or {@code null} when absent
     * @throws UsageException if the option has no value or an unknown option is present
     */
    static String option(List<String> args, String name, List<String> known) {
        String value = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!known.contains(a)) {
                throw new UsageException("unknown argument: " + a);
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(a + " needs a value");
            }
            if (a.equals(name)) {
                value = args.get(i + 1);
            }
            i++;
        }
        return value;
    }

    /** @return the required {@code --db FILE} */
    static Path db(List<String> args, List<String> known) {
        String db = option(args, "--db", known);
        if (db == null) {
            throw new UsageException("--db FILE is required");
        }
        return Path.of(db);
    }
}
