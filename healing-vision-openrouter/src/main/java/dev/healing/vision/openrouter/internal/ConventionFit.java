package dev.healing.vision.openrouter.internal;

import dev.healing.vision.openrouter.ModelProfile.CoordinateSpace;
import java.util.List;
import java.util.Locale;

/**
 * Learns a model's coordinate convention from its answers about synthetic screenshots with a
 * marker at known places: the space (pixels, 0..1000 in either axis order, 0..1, percent) and, for
 * pixels, any server-side shrink. Stateless.
 */
public final class ConventionFit {
    /** Relative tolerance when comparing learned extents. */
    static final double TOLERANCE = 0.06;

    private ConventionFit() {
    }

    /**
     * One observation: the marker's centre as a fraction of the image (0..1 each) and the model's
     * raw answer, in the order it wrote the numbers.
     */
    public record Observation(double fractionX, double fractionY, double first, double second) {
    }

    /** What the fit found: a convention, or why none fits. */
    public record Result(Convention convention, String reason) {
        /** @return whether a convention was found */
        public boolean found() {
            return convention != null;
        }
    }

    /**
     * Fits a convention to {@code observations} of images sent at {@code sent}.
     *
     * @return the convention, or a reason when the answers fit none consistently
     */
    public static Result fit(List<Observation> observations, SentSize sent) {
        if (observations.isEmpty()) {
            return new Result(null, "no usable calibration answer");
        }
        Result xy = fitOrder(observations, sent, false);
        if (xy.found()) {
            return xy;
        }
        Result yx = fitOrder(observations, sent, true);
        if (yx.found()) {
            return yx;
        }
        return new Result(null, xy.reason());
    }

    private static Result fitOrder(List<Observation> observations, SentSize sent, boolean yFirst) {
        double[] ex = new double[observations.size()];
        double[] ey = new double[observations.size()];
        for (int i = 0; i < ex.length; i++) {
            Observation o = observations.get(i);
            double x = yFirst ? o.second() : o.first();
            double y = yFirst ? o.first() : o.second();
            ex[i] = x / o.fractionX();
            ey[i] = y / o.fractionY();
        }
        double extentX = mean(ex);
        double extentY = mean(ey);
        if (!(extentX > 0 && extentY > 0) || !consistent(ex, extentX) || !consistent(ey, extentY)) {
            return new Result(null, String.format(Locale.ROOT,
                    "the answers do not fit one scale (implied extents x %s, y %s)", list(ex), list(ey)));
        }
        if (close(extentX, extentY)) {
            for (CoordinateSpace s : CoordinateSpace.values()) {
                if (s.extent() > 0 && close(extentX, s.extent()) && close(extentY, s.extent()) && s.yFirst() == yFirst) {
                    return new Result(new Convention(s, 0), "");
                }
            }
        }
        if (yFirst) {
            return new Result(null, "y-first answers only fit a 0..1000 scale");
        }
        double rx = extentX / sent.width();
        double ry = extentY / sent.height();
        if (!close(rx, ry)) {
            return new Result(null, String.format(Locale.ROOT,
                    "the implied image %.0fx%.0f does not keep the %s image's shape", extentX, extentY, sent));
        }
        double r = (rx + ry) / 2;
        if (Math.abs(r - 1) <= TOLERANCE / 2) {
            return new Result(new Convention(CoordinateSpace.IMAGE_PIXELS, 0), "");
        }
        if (r > 1) {
            return new Result(null, String.format(Locale.ROOT,
                    "the model answers in pixels of a %.0fx%.0f image, larger than the %s sent", extentX, extentY,
                    sent));
        }
        int longEdge = (int) Math.round(r * Math.max(sent.width(), sent.height()));
        return new Result(new Convention(CoordinateSpace.IMAGE_PIXELS, Math.max(1, longEdge)), "");
    }

    private static boolean consistent(double[] v, double mean) {
        for (double d : v) {
            if (!close(d, mean)) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v[i]));
        }
        return sb.append(']').toString();
    }
}
