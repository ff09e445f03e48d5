package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The decoders' warm-up data is well-formed: a malformed tile would throw a ProtocolViolation. */
final class DecoderWarmUpTest {
    @Test
    void run_decodesItsOwnRectangles() {
        assertDoesNotThrow(DecoderWarmUp::run);
        assertDoesNotThrow(DecoderWarmUp::run, "again");
    }
}
