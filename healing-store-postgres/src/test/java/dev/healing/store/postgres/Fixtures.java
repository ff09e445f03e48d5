package dev.healing.store.postgres;

import dev.healing.api.Baseline;
import dev.healing.api.Image;
import dev.healing.api.Point;
import java.time.Instant;
import java.util.Random;

/** Test data. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private Fixtures() {
    }

    static Image image(int width, int height, long seed) {
        Random r = new Random(seed);
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(0x1000000);
        }
        return Image.wrap(width, height, px);
    }

    static Baseline baseline(String workflow, int step, int x, long seed) {
        return new Baseline(workflow, step, Point.of(x, 20), image(16, 16, seed), null, T0, "recorded");
    }
}
