package dev.healing.vision.openrouter.internal;

/**
 * An API key that never shows itself: {@link #toString()} is a mask and {@link #redact} removes
 * it from any text before that text reaches a reason or a log line. Immutable.
 */
public final class Secret {
    private static final String MASK = "[redacted]";
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @return a secret holding {@code value}, or an absent one for null or blank */
    public static Secret of(String value) {
        return new Secret(value == null || value.isBlank() ? null : value.trim());
    }

    /** @return whether a key is set */
    public boolean present() {
        return value != null;
    }

    /** @return the key, for the Authorization header only */
    String reveal() {
        return value;
    }

    /** @return {@code text} with every occurrence of the key replaced by a mask */
    public String redact(String text) {
        if (value == null || text == null || value.length() < 4) {
            return text;
        }
        return text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return value == null ? "none" : MASK;
    }
}
