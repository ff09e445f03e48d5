package dev.healing.core.vnc;

/**
 * Internal: an RFB pixel format and the conversion of its pixel values to {@code 0xRRGGBB}.
 * Immutable. Only true-colour formats are accepted (any non-zero flag counts as true).
 */
final class PixelFormat {
    /** What we ask every server for: 32 bpp, depth 24, little-endian, {@code 0x00RRGGBB}. */
    static final PixelFormat PREFERRED = new PixelFormat(32, 24, false, 255, 255, 255, 16, 8, 0);

    final int bitsPerPixel;
    final int depth;
    final boolean bigEndian;
    final int redMax;
    final int greenMax;
    final int blueMax;
    final int redShift;
    final int greenShift;
    final int blueShift;
    final int bytesPerPixel;
    /** 32 bpp, 8-bit channels at 16/8/0: the pixel value already is {@code 0x??RRGGBB}. */
    final boolean direct;
    /** Bytes of a ZRLE CPIXEL: 3 when a 32-bit pixel's colour fits in three of its bytes. */
    final int cpixelBytes;
    /** For 3-byte CPIXELs: whether they are the most significant three bytes of the pixel. */
    final boolean cpixelHigh;
    /** Bytes of a Tight TPIXEL: 3 (R, G, B) for 32 bpp, depth 24, all maxima 255. */
    final int tpixelBytes;
    private final int redMask;
    private final int greenMask;
    private final int blueMask;
    private final int[] redScale;
    private final int[] greenScale;
    private final int[] blueScale;

    PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, int redMax, int greenMax, int blueMax,
            int redShift, int greenShift, int blueShift) {
        this.bitsPerPixel = bitsPerPixel;
        this.depth = depth;
        this.bigEndian = bigEndian;
        this.redMax = redMax;
        this.greenMax = greenMax;
        this.blueMax = blueMax;
        this.redShift = redShift;
        this.greenShift = greenShift;
        this.blueShift = blueShift;
        this.bytesPerPixel = bitsPerPixel / 8;
        this.redMask = mask(redMax);
        this.greenMask = mask(greenMax);
        this.blueMask = mask(blueMax);
        this.redScale = scale(redMax, redMask);
        this.greenScale = scale(greenMax, greenMask);
        this.blueScale = scale(blueMax, blueMask);
        this.direct = bitsPerPixel == 32 && redMax == 255 && greenMax == 255 && blueMax == 255
                && redShift == 16 && greenShift == 8 && blueShift == 0;
        long used = (long) redMask << redShift | (long) greenMask << greenShift | (long) blueMask << blueShift;
        if (bitsPerPixel == 32 && depth <= 24 && (used & ~0xFFFFFFL) == 0) {
            cpixelBytes = 3;
            cpixelHigh = false;
        } else if (bitsPerPixel == 32 && depth <= 24 && (used & 0xFFL) == 0) {
            cpixelBytes = 3;
            cpixelHigh = true;
        } else {
            cpixelBytes = bytesPerPixel;
            cpixelHigh = false;
        }
        this.tpixelBytes = bitsPerPixel == 32 && depth == 24 && redMax == 255 && greenMax == 255 && blueMax == 255
                ? 3 : bytesPerPixel;
    }

    /**
     * Parses the 16-byte PIXEL_FORMAT structure.
     *
     * @throws ProtocolViolation for colour-map formats and impossible values
     */
    static PixelFormat parse(byte[] b, int off) throws ProtocolViolation {
        int bpp = b[off] & 0xFF;
        int depth = b[off + 1] & 0xFF;
        boolean bigEndian = b[off + 2] != 0;
        boolean trueColour = b[off + 3] != 0;
        int redMax = u16(b, off + 4);
        int greenMax = u16(b, off + 6);
        int blueMax = u16(b, off + 8);
        int redShift = b[off + 10] & 0xFF;
        int greenShift = b[off + 11] & 0xFF;
        int blueShift = b[off + 12] & 0xFF;
        if (bpp != 8 && bpp != 16 && bpp != 32) {
            throw new ProtocolViolation("unsupported bits-per-pixel " + bpp + " (expected 8, 16 or 32)");
        }
        if (!trueColour) {
            throw new ProtocolViolation("the server insists on a colour-map pixel format, which is not supported");
        }
        if (redMax == 0 || greenMax == 0 || blueMax == 0 || redShift >= bpp || greenShift >= bpp || blueShift >= bpp) {
            throw new ProtocolViolation("impossible true-colour format: max " + redMax + "/" + greenMax + "/" + blueMax
                    + " shift " + redShift + "/" + greenShift + "/" + blueShift + " at " + bpp + " bpp");
        }
        return new PixelFormat(bpp, depth, bigEndian, redMax, greenMax, blueMax, redShift, greenShift, blueShift);
    }

    /** @return the 16-byte PIXEL_FORMAT structure */
    byte[] encode() {
        return new byte[] {(byte) bitsPerPixel, (byte) depth, (byte) (bigEndian ? 1 : 0), 1,
            (byte) (redMax >> 8), (byte) redMax, (byte) (greenMax >> 8), (byte) greenMax,
            (byte) (blueMax >> 8), (byte) blueMax, (byte) redShift, (byte) greenShift, (byte) blueShift, 0, 0, 0};
    }

    /** @return {@code 0xRRGGBB} of a pixel value */
    int toRgb(int pixel) {
        if (direct) {
            return pixel & 0xFFFFFF;
        }
        return redScale[pixel >>> redShift & redMask] << 16
                | greenScale[pixel >>> greenShift & greenMask] << 8
                | blueScale[pixel >>> blueShift & blueMask];
    }

    /** @return the pixel value of {@code bytesPerPixel} bytes at {@code off} */
    int pixelAt(byte[] b, int off) {
        switch (bytesPerPixel) {
            case 1:
                return b[off] & 0xFF;
            case 2:
                return bigEndian ? (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF : (b[off + 1] & 0xFF) << 8 | b[off] & 0xFF;
            default:
                return bigEndian
                        ? (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF
                        : (b[off + 3] & 0xFF) << 24 | (b[off + 2] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | b[off] & 0xFF;
        }
    }

    /** @return {@code 0xRRGGBB} of the PIXEL at {@code off} */
    int rgbAt(byte[] b, int off) {
        return toRgb(pixelAt(b, off));
    }

    /** @return {@code 0xRRGGBB} of the ZRLE CPIXEL at {@code off} */
    int cpixelRgbAt(byte[] b, int off) {
        if (cpixelBytes != 3) {
            return rgbAt(b, off);
        }
        int v = bigEndian
                ? (b[off] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | b[off + 2] & 0xFF
                : (b[off + 2] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | b[off] & 0xFF;
        return toRgb(cpixelHigh ? v << 8 : v);
    }

    /** @return the pixel value of the Tight TPIXEL at {@code off} */
    int tpixelAt(byte[] b, int off) {
        if (tpixelBytes != 3) {
            return pixelAt(b, off);
        }
        return (b[off] & 0xFF) << redShift | (b[off + 1] & 0xFF) << greenShift | (b[off + 2] & 0xFF) << blueShift;
    }

    int red(int pixel) {
        return pixel >>> redShift & redMask;
    }

    int green(int pixel) {
        return pixel >>> greenShift & greenMask;
    }

    int blue(int pixel) {
        return pixel >>> blueShift & blueMask;
    }

    int compose(int r, int g, int b) {
        return r << redShift | g << greenShift | b << blueShift;
    }

    private static int mask(int max) {
        return Integer.highestOneBit(max) * 2 - 1;
    }

    private static int[] scale(int max, int mask) {
        int[] t = new int[mask + 1];
        for (int v = 0; v <= mask; v++) {
            t[v] = v >= max ? 255 : (int) ((v * 255L + max / 2) / max);
        }
        return t;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }

    @Override
    public String toString() {
        return bitsPerPixel + "bpp depth " + depth + (bigEndian ? " BE" : " LE") + " max " + redMax + "/" + greenMax
                + "/" + blueMax + " shift " + redShift + "/" + greenShift + "/" + blueShift;
    }
}
