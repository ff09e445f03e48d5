package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.fail;

import dev.healing.api.Image;

/** Test helper: pixel-exact image comparison with a useful failure message. */
final class Images {
    private Images() {
    }

    static void assertSame(int[] expected, Image actual, String what) {
        int[] a = actual.pixels();
        if (expected.length != a.length) {
            fail(what + ": " + a.length + " pixels, expected " + expected.length);
        }
        int diffs = 0;
        int first = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != expected[i]) {
                if (first < 0) {
                    first = i;
                }
                diffs++;
            }
        }
        if (diffs > 0) {
            int w = actual.width();
            fail(String.format("%s: %d of %d pixels differ; first at (%d, %d): %06x, expected %06x", what, diffs,
                    a.length, first % w, first / w, a[first], expected[first]));
        }
    }

    static int[] crop(int[] p, int w, int x, int y, int cw, int ch) {
        int[] out = new int[cw * ch];
        for (int r = 0; r < ch; r++) {
            System.arraycopy(p, (y + r) * w + x, out, r * cw, cw);
        }
        return out;
    }

    static boolean equal(int[] a, Image b) {
        return java.util.Arrays.equals(a, b.pixels());
    }
}
