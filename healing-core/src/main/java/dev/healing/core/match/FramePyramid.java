package dev.healing.core.match;

import dev.healing.api.Image;

/**
 * Grey pyramid levels of one frame (full, 1/2, 1/4, 1/8, 1/16), built lazily, each with what the
 * coarse search needs: a float copy for small templates, integral images for larger ones. One
 * instance serves one locate call; not thread-safe.
 */
final class FramePyramid {
    private final Image frame;
    private final int[][] planes = new int[5][];
    private final int[][] sums = new int[5][];
    private final int[][] squares = new int[5][];
    private final float[][] floats = new float[5][];

    FramePyramid(Image frame) {
        this.frame = frame;
    }

    Image frame() {
        return frame;
    }

    static int index(int factor) {
        return switch (factor) {
            case 1 -> 0;
            case 2 -> 1;
            case 4 -> 2;
            case 8 -> 3;
            case 16 -> 4;
            default -> throw new IllegalArgumentException("pyramid factor must be 1, 2, 4, 8 or 16, got " + factor);
        };
    }

    int width(int factor) {
        return frame.width() / factor;
    }

    int height(int factor) {
        return frame.height() / factor;
    }

    /** @return the grey plane at 1/factor resolution */
    int[] plane(int factor) {
        int i = index(factor);
        if (planes[i] == null) {
            planes[i] = switch (factor) {
                case 1 -> Planes.gray(frame, frame.bounds());
                case 2 -> Planes.shrinkRgb(frame, 2);
                case 4 -> Planes.shrinkRgb(frame, 4);
                case 8 -> Planes.shrink(plane(4), width(4), height(4), 2);
                default -> Planes.shrink(plane(8), width(8), height(8), 2);
            };
        }
        return planes[i];
    }

    /** Zeros after a row's worth of zeros at the end of each {@link #floatPlane}. */
    static final int FLOAT_PAD = 64;

    /**
     * @return {@link #plane} as floats (exact: values 0..255) followed by one row and {@link #FLOAT_PAD}
     *     zeros, so that copies of two rows may start at its last row; made once
     */
    float[] floatPlane(int factor) {
        int i = index(factor);
        if (floats[i] == null) {
            int[] p = plane(factor);
            float[] out = new float[p.length + width(factor) + FLOAT_PAD];
            for (int k = 0; k < p.length; k++) {
                out[k] = p[k];
            }
            floats[i] = out;
        }
        return floats[i];
    }

    /**
     * @return the integral image of the level, {@code (w + 1) x (h + 1)}, in int arithmetic that
     *     wraps: a box sum taken from it is exact when the true sum fits in an int (boxes of up to
     *     {@code Integer.MAX_VALUE / 255} pixels), at half the footprint of longs
     */
    int[] sums(int factor) {
        buildIntegrals(factor);
        return sums[index(factor)];
    }

    /**
     * @return the integral image of the squared level, {@code (w + 1) x (h + 1)}, wrapping like
     *     {@link #sums}: box sums are exact for boxes of up to {@code Integer.MAX_VALUE / (255 * 255)} pixels
     */
    int[] squares(int factor) {
        buildIntegrals(factor);
        return squares[index(factor)];
    }

    private void buildIntegrals(int factor) {
        int i = index(factor);
        if (sums[i] != null) {
            return;
        }
        int[] p = plane(factor);
        int w = width(factor);
        int h = height(factor);
        int stride = w + 1;
        int[] s = new int[stride * (h + 1)];
        int[] q = new int[stride * (h + 1)];
        for (int y = 0; y < h; y++) {
            int rs = 0;
            int rq = 0;
            for (int x = 0; x < w; x++) {
                int v = p[y * w + x];
                rs += v;
                rq += v * v;
                s[(y + 1) * stride + x + 1] = s[y * stride + x + 1] + rs;
                q[(y + 1) * stride + x + 1] = q[y * stride + x + 1] + rq;
            }
        }
        sums[i] = s;
        squares[i] = q;
    }
}
