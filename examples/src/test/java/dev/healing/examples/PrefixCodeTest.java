package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deflate's Huffman codes: complete, prefix-free, within the length limit, short for frequent symbols. */
final class PrefixCodeTest {
    @Test
    void forCounts_fibonacciCounts_staysWithinTheLimitAndComplete() {
        int[] counts = new int[40];
        int a = 1;
        int b = 1;
        for (int s = 0; s < counts.length && b > 0; s++) {
            counts[s] = a;
            int next = a + b;
            a = b;
            b = next > 0 ? next : Integer.MAX_VALUE / 4;
        }
        PrefixCode code = PrefixCode.forCounts(counts, 15);
        assertValid(code, 15);
        for (int l : code.lengths) {
            assertTrue(l >= 1 && l <= 15, "length " + l);
        }
    }

    @Test
    void forCounts_fewSymbolsUsed_stillGivesACompleteCode() {
        PrefixCode none = PrefixCode.forCounts(new int[30], 15);
        assertValid(none, 15);
        assertEquals(2, usedSymbols(none));
        int[] one = new int[19];
        one[7] = 500;
        PrefixCode single = PrefixCode.forCounts(one, 7);
        assertValid(single, 7);
        assertEquals(1, single.lengths[7]);
    }

    @Test
    void forCounts_frequentSymbols_getShorterCodes() {
        int[] counts = {1000, 10, 10, 500, 1, 0, 250};
        PrefixCode code = PrefixCode.forCounts(counts, 15);
        assertValid(code, 15);
        assertEquals(0, code.lengths[5]);
        assertTrue(code.lengths[0] <= code.lengths[3] && code.lengths[3] <= code.lengths[6]
                && code.lengths[6] <= code.lengths[1] && code.lengths[1] <= code.lengths[4]);
    }

    @Test
    void forCounts_badInput_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> PrefixCode.forCounts(new int[] {3, -1}, 15));
        assertThrows(IllegalArgumentException.class, () -> PrefixCode.forCounts(new int[1], 15));
        assertThrows(IllegalArgumentException.class, () -> PrefixCode.forCounts(new int[300], 7));
    }

    /** Kraft's sum is exactly 1 (complete) and no code is a prefix of another. */
    private static void assertValid(PrefixCode code, int maxBits) {
        long kraft = 0;
        Set<String> codes = new HashSet<>();
        for (int s = 0; s < code.lengths.length; s++) {
            int l = code.lengths[s];
            if (l == 0) {
                continue;
            }
            assertTrue(l <= maxBits, "symbol " + s + " has " + l + " bits");
            kraft += 1L << (maxBits - l);
            // codes are stored bit-reversed: read them back most significant bit first
            StringBuilder bits = new StringBuilder();
            for (int i = 0; i < l; i++) {
                bits.append(code.codes[s] >>> i & 1);
            }
            codes.add(bits.toString());
        }
        assertEquals(1L << maxBits, kraft, "Kraft sum");
        for (String c : codes) {
            for (String d : codes) {
                assertTrue(c.equals(d) || !d.startsWith(c), c + " is a prefix of " + d);
            }
        }
    }

    private static int usedSymbols(PrefixCode code) {
        int n = 0;
        for (int l : code.lengths) {
            n += l > 0 ? 1 : 0;
        }
        return n;
    }
}
