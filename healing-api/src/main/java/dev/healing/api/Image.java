package dev.healing.api;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An immutable RGB picture: a screen frame, a baseline crop, a failed crop.
 *
 * <p>Pixels are packed {@code 0xRRGGBB} ints in row-major order, one int per pixel; the top
 * eight bits are always zero. Algorithms read them without copying through {@link #pixels()}.
 * Instances are immutable and safe to share between threads, provided nobody writes into the
 * array returned by {@link #pixels()} or passed to {@link #wrap}.
 */
public final class Image {
    private static final int RGB_MASK = 0xFFFFFF;

    private final int width;
    private final int height;
    private final int[] rgb;

    private Image(int width, int height, int[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /**
     * Wraps {@code rgb} without copying. The caller hands the array over and must not change it
     * afterwards. The top eight bits of every pixel must be zero (use {@link #copyOf} for ARGB).
     *
     * @throws IllegalArgumentException if the size is empty or the array length does not match
     */
    public static Image wrap(int width, int height, int[] rgb) {
        checkSize(width, height, rgb);
        return new Image(width, height, rgb);
    }

    /** Copies {@code argb}, dropping the alpha byte. */
    public static Image copyOf(int width, int height, int[] argb) {
        checkSize(width, height, argb);
        int[] copy = new int[argb.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = argb[i] & RGB_MASK;
        }
        return new Image(width, height, copy);
    }

    /** @return a {@code width x height} image of one colour {@code 0xRRGGBB} */
    public static Image filled(int width, int height, int rgb) {
        int[] pixels = new int[checkedArea(width, height)];
        Arrays.fill(pixels, rgb & RGB_MASK);
        return new Image(width, height, pixels);
    }

    /** Copies the pixels of {@code image}, whatever its type; alpha is dropped. */
    public static Image fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = new int[checkedArea(w, h)];
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB) {
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            if (data.length == pixels.length) {
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = data[i] & RGB_MASK;
                }
                return new Image(w, h, pixels);
            }
        }
        image.getRGB(0, 0, w, h, pixels, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= RGB_MASK;
        }
        return new Image(w, h, pixels);
    }

    /**
     * Decodes PNG (or any format {@link ImageIO} reads).
     *
     * @throws IllegalArgumentException if the bytes are not a readable image
     */
    public static Image fromPng(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("not a readable image (" + png.length + " bytes)");
            }
            return fromBufferedImage(image);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable image (" + png.length + " bytes): " + e.getMessage(), e);
        }
    }

    /**
     * Reads a PNG file.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is not an image
     */
    public static Image read(Path file) {
        try {
            return fromPng(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @return width in pixels, at least 1 */
    public int width() {
        return width;
    }

    /** @return height in pixels, at least 1 */
    public int height() {
        return height;
    }

    /** @return the bounds of this image, {@code [0,0 width x height]} */
    public Rect bounds() {
        return new Rect(0, 0, width, height);
    }

    /**
     * The backing array, not a copy: row-major {@code 0xRRGGBB}, index {@code y * width + x}.
     * Read only; writing into it breaks the immutability every other user relies on.
     */
    public int[] pixels() {
        return rgb;
    }

    /** @return the {@code 0xRRGGBB} value at (x, y) */
    public int rgb(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IllegalArgumentException("(" + x + ", " + y + ") is outside " + width + "x" + height);
        }
        return rgb[y * width + x];
    }

    /**
     * Copies the pixels inside {@code region}.
     *
     * @throws IllegalArgumentException if {@code region} is not inside this image
     */
    public Image crop(Rect region) {
        if (!bounds().contains(region)) {
            throw new IllegalArgumentException("crop " + region + " is outside the " + width + "x" + height + " image");
        }
        int[] out = new int[region.width() * region.height()];
        for (int row = 0; row < region.height(); row++) {
            System.arraycopy(rgb, (region.y() + row) * width + region.x(), out, row * region.width(), region.width());
        }
        return new Image(region.width(), region.height(), out);
    }

    /**
     * Copies a {@code cropWidth x cropHeight} region centred on {@code center}, shifted inward
     * where it would cross the edge: the way baseline crops are cut.
     *
     * @throws IllegalArgumentException if the crop is larger than the image or the centre is outside it
     */
    public Image cropAround(Point center, int cropWidth, int cropHeight) {
        if (center.x() >= width || center.y() >= height) {
            throw new IllegalArgumentException("point " + center + " is outside the " + width + "x" + height + " image");
        }
        return crop(Rect.centeredWithin(center, cropWidth, cropHeight, width, height));
    }

    /** @return a new {@link BufferedImage#TYPE_INT_RGB} holding a copy of the pixels */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(rgb, 0, data, 0, rgb.length);
        return out;
    }

    /** @return the image encoded as PNG */
    public byte[] toPng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, rgb.length / 4));
        try {
            if (!ImageIO.write(toBufferedImage(), "png", out)) {
                throw new IllegalStateException("no PNG writer in this JRE");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the image as PNG.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writePng(Path file) {
        try {
            Files.write(file, toPng());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + file, e);
        }
    }

    /**
     * A 64-bit perceptual difference hash as 16 hex digits: the image is averaged down to 9x8
     * grey cells and each bit says whether a cell is brighter than its right neighbour. Equal for
     * identical images and stable under tiny noise; used as the key of healing memory.
     */
    public String appearanceHash() {
        double[] cells = new double[9 * 8];
        int[] counts = new int[cells.length];
        for (int y = 0; y < height; y++) {
            int cy = (int) ((long) y * 8 / height);
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int cx = (int) ((long) x * 9 / width);
                int p = rgb[row + x];
                cells[cy * 9 + cx] += 0.299 * (p >>> 16 & 0xFF) + 0.587 * (p >>> 8 & 0xFF) + 0.114 * (p & 0xFF);
                counts[cy * 9 + cx]++;
            }
        }
        long bits = 0;
        for (int cy = 0; cy < 8; cy++) {
            for (int cx = 0; cx < 8; cx++) {
                double left = mean(cells, counts, cy * 9 + cx);
                double right = mean(cells, counts, cy * 9 + cx + 1);
                bits = bits << 1 | (left > right + 1e-9 ? 1 : 0);
            }
        }
        return String.format("%016x", bits);
    }

    private static double mean(double[] sums, int[] counts, int i) {
        return counts[i] == 0 ? 0 : sums[i] / counts[i];
    }

    /** Two images are equal when they have the same size and the same pixels. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && other.width == width && other.height == height
                && Arrays.equals(other.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "Image[" + width + "x" + height + "]";
    }

    private static void checkSize(int width, int height, int[] pixels) {
        int area = checkedArea(width, height);
        if (pixels.length != area) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + area
                    + " pixels, got " + pixels.length);
        }
    }

    private static int checkedArea(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + width + "x" + height);
        }
        long area = (long) width * height;
        if (area > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image too large: " + width + "x" + height);
        }
        return (int) area;
    }
}
