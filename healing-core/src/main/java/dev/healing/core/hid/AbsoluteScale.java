package dev.healing.core.hid;

/**
 * Maps screen pixels to the absolute mouse's 0..{@value #HID_MAX} range and back, exactly to the pixel.
 *
 * <p>The target's input stack (libinput, Windows, macOS) divides the range into {@code width}
 * equal cells of {@code 32768 / width} units and puts the pointer on the cell's pixel. This
 * class sends the unit nearest each pixel's centre, {@code floor((2x + 1) * 32768 / (2 * width))},
 * so the pointer lands on pixel {@code x} however the target rounds; {@link #toPixelX} is the
 * target's view, {@code floor(v * width / 32768)}, and inverts {@link #toHidX} exactly for every
 * screen up to 16384 pixels wide or high.
 *
 * @param width  screen width in pixels, 1..16384
 * @param height screen height in pixels, 1..16384
 */
public record AbsoluteScale(int width, int height) {
    /** Largest absolute coordinate a report carries. */
    public static final int HID_MAX = 32767;
    /** Largest screen side, in pixels, for which the mapping is exact. */
    public static final int MAX_SIDE = 16384;

    private static final long RANGE = HID_MAX + 1L;

    /** Rejects sides outside 1..16384. */
    public AbsoluteScale {
        if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE) {
            throw new IllegalArgumentException("screen must be 1.." + MAX_SIDE + " pixels on each side: "
                    + width + "x" + height);
        }
    }

    /**
     * Parses {@code "WIDTHxHEIGHT"}, e.g. {@code "1920x1080"}.
     *
     * @throws IllegalArgumentException naming the text when it is not two positive integers joined by x
     */
    public static AbsoluteScale parse(String size) {
        int x = size.indexOf('x');
        try {
            if (x > 0) {
                return new AbsoluteScale(Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1)));
            }
        } catch (NumberFormatException e) {
            // reported below with the whole text
        }
        throw new IllegalArgumentException("screen size must look like 1920x1080: '" + size + "'");
    }

    /** @return whether pixel (x, y) is on this screen */
    public boolean contains(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height;
    }

    /** @return the absolute X for pixel column {@code x} (0..width-1) */
    public int toHidX(int x) {
        return toHid(x, width, "x");
    }

    /** @return the absolute Y for pixel row {@code y} (0..height-1) */
    public int toHidY(int y) {
        return toHid(y, height, "y");
    }

    /** @return the pixel column the target puts the pointer on for absolute X {@code hid} (0..32767) */
    public int toPixelX(int hid) {
        return toPixel(hid, width);
    }

    /** @return the pixel row the target puts the pointer on for absolute Y {@code hid} (0..32767) */
    public int toPixelY(int hid) {
        return toPixel(hid, height);
    }

    private static int toHid(int pixel, int side, String axis) {
        if (pixel < 0 || pixel >= side) {
            throw new IllegalArgumentException(axis + " must be in 0.." + (side - 1) + ": " + pixel);
        }
        return (int) (((2L * pixel + 1) * RANGE) / (2L * side));
    }

    private static int toPixel(int hid, int side) {
        if (hid < 0 || hid > HID_MAX) {
            throw new IllegalArgumentException("absolute coordinate must be in 0.." + HID_MAX + ": " + hid);
        }
        return (int) ((hid * (long) side) / RANGE);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
