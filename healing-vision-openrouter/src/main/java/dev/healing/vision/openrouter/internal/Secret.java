package dev.healing.vision.openrouter.internal;

/**
 * An API key that never shows itself: {@link #toString()} is a mask and {@link #redact} removes
 * it from any text before that text reaches a reason, a log line or an exception. Immutable.
 *
 * <p>Redaction masks the whole key and any run of at least {@value #MIN_FRAGMENT} consecutive
 * characters of it, also when whitespace (a line break, a space a server inserted) splits the run:
 * a server that echoes the key cut short or wrapped over lines leaks nothing. Callers redact first
 * and only then cut or collapse text.
 */
public final class Secret {
    private static final String MASK = "[redacted]";
    /** Shortest run of key characters that is masked. */
    static final int MIN_FRAGMENT = 8;
    private final String value;
    /** For each ASCII character, where it occurs in the key; null when nowhere. */
    private final int[][] asciiPositions = new int[128][];

    private Secret(String value) {
        this.value = value;
        if (value != null) {
            for (char c = 0; c < 128; c++) {
                int count = 0;
                for (int k = 0; k < value.length(); k++) {
                    count += value.charAt(k) == c ? 1 : 0;
                }
                if (count > 0) {
                    int[] at = new int[count];
                    for (int k = 0, i = 0; k < value.length(); k++) {
                        if (value.charAt(k) == c) {
                            at[i++] = k;
                        }
                    }
                    asciiPositions[c] = at;
                }
            }
        }
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

    /**
     * @return {@code text} with the key and every fragment of it of {@value #MIN_FRAGMENT} or more
     *     characters (whitespace inside ignored) replaced by a mask; time linear in the text's
     *     length times the key's
     */
    public String redact(String text) {
        if (value == null || text == null || value.length() < 4) {
            return text;
        }
        String t = text;
        int n = t.length();
        // Non-whitespace characters of the text and where each sits.
        char[] compact = new char[n];
        int[] at = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (!Character.isWhitespace(c)) {
                compact[m] = c;
                at[m++] = i;
            }
        }
        int minRun = Math.min(MIN_FRAGMENT, value.length());
        boolean[] masked = new boolean[n];
        boolean any = false;
        for (int s = 0; s < m; ) {
            int best = 0;
            char c = compact[s];
            if (c < 128) {
                int[] starts = asciiPositions[c];
                if (starts != null) {
                    for (int k : starts) {
                        best = Math.max(best, run(compact, m, s, k));
                    }
                }
            } else {
                for (int k = 0; k < value.length(); k++) {
                    if (value.charAt(k) == c) {
                        best = Math.max(best, run(compact, m, s, k));
                    }
                }
            }
            if (best >= minRun) {
                for (int i = at[s]; i <= at[s + best - 1]; i++) {
                    masked[i] = true;
                }
                any = true;
                s += best;
            } else {
                s++;
            }
        }
        if (!any) {
            return t;
        }
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            if (masked[i]) {
                if (i == 0 || !masked[i - 1]) {
                    out.append(MASK);
                }
            } else {
                out.append(t.charAt(i));
            }
        }
        return out.toString();
    }

    /** Length of the common run of {@code compact} from {@code s} and the key from {@code k}. */
    private int run(char[] compact, int m, int s, int k) {
        int len = 0;
        while (s + len < m && k + len < value.length() && compact[s + len] == value.charAt(k + len)) {
            len++;
        }
        return len;
    }

    /**
     * @return the first {@code limit} characters of {@code text} after redaction, whitespace runs
     *     collapsed to one space, with "..." when cut; redaction happens before cutting and collapsing
     */
    public String excerpt(String text, int limit) {
        if (text == null) {
            return "";
        }
        String clean = redact(text);
        String oneLine = clean.replaceAll("\\s+", " ").trim();
        return oneLine.length() > limit ? oneLine.substring(0, limit) + "..." : oneLine;
    }

    @Override
    public String toString() {
        return value == null ? "none" : MASK;
    }
}
