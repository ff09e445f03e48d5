package dev.healing.api;

/**
 * A position on the screen in pixels, origin at the top-left corner.
 *
 * @param x column in pixels, at least 0
 * @param y row in pixels, at least 0
 */
public record Point(int x, int y) {
    /** Rejects negative coordinates. */
    public Point {
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("point must not be negative: (" + x + ", " + y + ")");
        }
    }

    /** @return a point at (x, y) */
    public static Point of(int x, int y) {
        return new Point(x, y);
    }

    /** @return Euclidean distance to {@code other} in pixels */
    public double distanceTo(Point other) {
        return Math.hypot((double) x - other.x, (double) y - other.y);
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ")";
    }
}
