package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.Point;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Jackson-free writer of flat results prints exactly what the commands' Jackson mapper prints. */
final class FlatJsonTest {
    @Test
    void write_flatFields_isTheSameTextAsJackson() throws Exception {
        Map<String, Object> fields = JsonOutput.fields("wrote", "/tmp/a \"b\"\\c\n\t\r\b\f\u0001\u001f/é€😀",
                "width", 1920, "big", 1L << 40, "negative", -3, "flag", false, "", "empty key", "encoding", "Raw",
                "clicked", new Point(0, 1079), "last", "after the point");
        ObjectNode viaJackson = JsonOutput.of(new VncCaptureCommand(), true);
        fields.forEach((k, v) -> viaJackson.set(k, StoreJson.mapper().valueToTree(v)));
        assertEquals(StoreJson.mapper().writeValueAsString(viaJackson), FlatJson.write("vnc-capture", true, fields));
    }

    @Test
    void writable_onlyStringsNumbersBooleansAndPoints() {
        assertTrue(FlatJson.writable(JsonOutput.fields("a", "x", "b", 1, "c", 2L, "d", true, "p", new Point(1, 2))));
        assertFalse(FlatJson.writable(JsonOutput.fields("r", new dev.healing.api.Rect(1, 2, 3, 4))),
                "other objects go through Jackson");
        assertFalse(FlatJson.writable(JsonOutput.fields("n", null)));
        assertFalse(FlatJson.writable(JsonOutput.fields("d", 0.5)), "doubles go through Jackson");
    }
}
