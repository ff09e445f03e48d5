package dev.healing.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Map;

/**
 * The one shape every command prints on stdout: a JSON object whose first two fields are
 * {@code "command"} (the command's name) and {@code "done"} ({@code true} exactly when the exit code is 0),
 * followed by the command's own fields. A command that fails prints {@code "error"} (a one-line
 * message); bad usage (exit 2) prints no JSON, only the usage line on stderr.
 */
final class JsonOutput {
    private JsonOutput() {
    }

    /** Loaded at first use: Jackson's start-up is most of a quick command's time (vnc-capture). */
    private static final class Mapper {
        static final ObjectMapper JSON = StoreJson.mapper();
    }

    /**
     * @param command the command printing
     * @param done    whether it did what was asked (exit code 0)
     * @return an object with {@code command} and {@code done} set, to add the command's fields to
     */
    static ObjectNode of(Command command, boolean done) {
        return Mapper.JSON.createObjectNode().put("command", command.name()).put("done", done);
    }

    /**
     * Prints the command's result to {@link System#out}.
     *
     * @param fields the command's own fields, in order; values are written with the store's JSON mapper
     * @return {@link Main#DONE} or {@link Main#NOT_DONE}, matching {@code done}
     */
    static int print(Command command, boolean done, Map<String, ?> fields) {
        if (FlatJson.writable(fields)) {
            // the same text as Jackson's, without loading it
            PrintStream out = System.out;
            out.println(FlatJson.write(command.name(), done, fields));
            out.flush();
            return done ? Main.DONE : Main.NOT_DONE;
        }
        ObjectNode out = of(command, done);
        fields.forEach((k, v) -> out.set(k, Mapper.JSON.valueToTree(v)));
        return print(out);
    }

    /**
     * Prints an object made by {@link #of} to {@link System#out}.
     *
     * @return {@link Main#DONE} when its {@code done} is true, else {@link Main#NOT_DONE}
     */
    static int print(ObjectNode result) {
        PrintStream out = System.out;
        try {
            out.println(Mapper.JSON.writeValueAsString(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
        out.flush();
        return result.path("done").asBoolean() ? Main.DONE : Main.NOT_DONE;
    }

    /**
     * @param keysAndValues field name, value, field name, value, ...
     * @return the fields in the given order, for {@link #print(Command, boolean, Map)}
     */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    /** Prints {@code {"command": ..., "done": false, "error": ...}} for a command that threw. */
    static void failed(Command command, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        print(of(command, false).put("error", message.lines().findFirst().orElse(message)));
    }
}
