package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class SecretTest {
    private static final String KEY = "sk-or-v1-0f3a9c1e7b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d";
    private final Secret secret = Secret.of(KEY);

    @Test
    void redact_wholeKey_isMasked() {
        assertEquals("key [redacted] bad", secret.redact("key " + KEY + " bad"));
    }

    @Test
    void redact_keySplitByWhitespace_isMaskedWhole() {
        String split = KEY.substring(0, 20) + "\n  " + KEY.substring(20, 41) + " " + KEY.substring(41);
        assertEquals("a [redacted] b", secret.redact("a " + split + " b"));
    }

    @Test
    void redact_fragmentOfEightOrMore_isMasked() {
        String out = secret.redact("prefix " + KEY.substring(30, 40) + " suffix");
        assertEquals("prefix [redacted] suffix", out);
        assertTrue(secret.redact("short " + KEY.substring(30, 36)).contains(KEY.substring(30, 36)),
                "runs under 8 characters stay: they are too common to mean the key");
    }

    @Test
    void excerpt_redactsBeforeCutting() {
        String text = "x".repeat(100) + " " + KEY;
        String out = secret.excerpt(text, 120);
        assertFalse(out.contains(KEY.substring(0, 8)), out);
        assertTrue(out.contains("[redacted]"), out);
    }

    @Test
    void redact_absentKey_leavesTextAlone() {
        assertEquals("abc", Secret.of(null).redact("abc"));
    }
}
