package dev.healing.api;

/**
 * An axis-aligned rectangle in pixels: {@code x <= col < x + width}, {@code y <= row < y + height}.
 *
 * @param x      left column, at least 0
 * @param y      top row, at least 0
 * @param width  width in pixels, at least 1
 * @param height height in pixels, at least 1
 */
public record Rect(int x, int y, int width, int height) {
    /** Rejects negative origins and empty sizes. */
    public Rect {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "rect needs x, y >= 0 and width, height >= 1: " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** @return the rectangle at (x, y) of the given size */
    public static Rect of(int x, int y, int width, int height) {
        return new Rect(x, y, width, height);
    }

    /**
     * @return the rectangle whose corners are (x1, y1) and (x2, y2), both included, as boxes
     *     are written in workflow files and corpora ({@code [x1, y1, x2, y2]})
     */
    public static Rect ofCorners(int x1, int y1, int x2, int y2) {
        return new Rect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1) + 1, Math.abs(y2 - y1) + 1);
    }

    /**
     * A {@code width x height} rectangle centred on {@code center}, shifted inward so that it
     * lies inside a {@code boundsWidth x boundsHeight} image (the way baseline crops are cut).
     *
     * @throws IllegalArgumentException if the rectangle is larger than the bounds
     */
    public static Rect centeredWithin(Point center, int width, int height, int boundsWidth, int boundsHeight) {
        if (width > boundsWidth || height > boundsHeight) {
            throw new IllegalArgumentException("a " + width + "x" + height + " rect does not fit in "
                    + boundsWidth + "x" + boundsHeight);
        }
        int left = Math.max(0, Math.min(center.x() - width / 2, boundsWidth - width));
        int top = Math.max(0, Math.min(center.y() - height / 2, boundsHeight - height));
        return new Rect(left, top, width, height);
    }

    /** @return exclusive right edge, {@code x + width} */
    public int right() {
        return x + width;
    }

    /** @return exclusive bottom edge, {@code y + height} */
    public int bottom() {
        return y + height;
    }

    /** @return the centre pixel (rounded down) */
    public Point center() {
        return new Point(x + width / 2, y + height / 2);
    }

    /** @return whether {@code p} lies inside this rectangle */
    public boolean contains(Point p) {
        return p.x() >= x && p.x() < right() && p.y() >= y && p.y() < bottom();
    }

    /** @return whether {@code other} lies wholly inside this rectangle */
    public boolean contains(Rect other) {
        return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
    }

    /** @return the area of overlap divided by the area of the union, 0..1 */
    public double iou(Rect other) {
        long ix = Math.max(0, Math.min(right(), other.right()) - Math.max(x, other.x));
        long iy = Math.max(0, Math.min(bottom(), other.bottom()) - Math.max(y, other.y));
        long inter = ix * iy;
        long union = (long) width * height + (long) other.width * other.height - inter;
        return union == 0 ? 0 : (double) inter / union;
    }

    @Override
    public String toString() {
        return "[" + x + "," + y + " " + width + "x" + height + "]";
    }
}
