package dev.healing.vision.openrouter.internal;

import dev.healing.api.Image;
import dev.healing.vision.openrouter.ImageFormat;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Resizes a frame by area averaging and encodes it as JPEG or PNG for a request's data URL.
 *
 * <p>The resize works on the packed pixel array row by row with 7- and 6-bit fixed-point weights and the
 * three channels packed in one long: it keeps one accumulator row and allocates nothing per pixel. Stateless and thread-safe.
 */
public final class FrameEncoder {
    /** Vertical weights sum to 2^7, horizontal ones to 2^6: a lane peaks at 255 * 128 * 64 < 2^21. */
    private static final int ROW_BITS = 7;
    private static final int COLUMN_BITS = 6;
    private static final int HALF = 1 << (ROW_BITS + COLUMN_BITS - 1);
    private static final long LANE_MASK = (1L << 21) - 1;

    private FrameEncoder() {
    }

    /**
     * An encoded image.
     *
     * @param bytes     the encoded file
     * @param mediaType e.g. {@code image/jpeg}
     * @param width     width in pixels of the encoded image
     * @param height    height in pixels of the encoded image
     */
    public record Encoded(byte[] bytes, String mediaType, int width, int height) {
        /** @return a {@code data:} URL holding the image in base64 */
        public String dataUrl() {
            return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
    }

    /**
     * Resizes {@code image} to {@code size} (a no-op when equal) and encodes it.
     *
     * @param jpegQuality 0..1, used for JPEG only
     */
    public static Encoded encode(Image image, SentSize size, ImageFormat format, float jpegQuality) {
        Image sized = resize(image, size.width(), size.height());
        return new Encoded(write(sized, format, jpegQuality), format.mediaType(), sized.width(), sized.height());
    }

    /**
     * Resizes by area averaging: each output pixel is the mean of the source area it covers.
     * Upscaling blends the one or two nearest source pixels.
     */
    public static Image resize(Image image, int width, int height) {
        int sw = image.width();
        int sh = image.height();
        if (sw == width && sh == height) {
            return image;
        }
        Axis ax = Axis.of(sw, width, COLUMN_BITS);
        Axis ay = Axis.of(sh, height, ROW_BITS);
        int[] src = image.pixels();
        int[] out = new int[width * height];
        // One accumulator row of packed channels (SWAR): r, g and b each in a 21-bit lane of a long,
        // so one multiply weighs all three.
        long[] acc = new long[sw];
        for (int oy = 0; oy < height; oy++) {
            int first = ay.start[oy];
            int count = ay.count[oy];
            int wBase = ay.offset[oy];
            long w0 = ay.weights[wBase];
            int row0 = first * sw;
            for (int x = 0; x < sw; x++) {
                acc[x] = spread(src[row0 + x]) * w0;
            }
            for (int k = 1; k < count; k++) {
                long wy = ay.weights[wBase + k];
                if (wy == 0) {
                    continue;
                }
                int row = (first + k) * sw;
                for (int x = 0; x < sw; x++) {
                    acc[x] += spread(src[row + x]) * wy;
                }
            }
            int outRow = oy * width;
            for (int ox = 0; ox < width; ox++) {
                int a = ax.start[ox];
                int n = ax.count[ox];
                int base = ax.offset[ox];
                long v = 0;
                for (int k = 0; k < n; k++) {
                    v += acc[a + k] * ax.weights[base + k];
                }
                out[outRow + ox] = lane(v, 42) << 16 | lane(v, 21) << 8 | lane(v, 0);
            }
        }
        return Image.wrap(width, height, out);
    }

    private static long spread(int rgb) {
        return (long) (rgb >>> 16 & 0xFF) << 42 | (long) (rgb >>> 8 & 0xFF) << 21 | (rgb & 0xFF);
    }

    /** One channel back from its lane, divided by the squared weight unit with rounding. */
    private static int lane(long v, int shift) {
        int sum = (int) (v >>> shift & LANE_MASK);
        return Math.min(255, (sum + HALF) >> (ROW_BITS + COLUMN_BITS));
    }

    /** Per output index: the first source index, how many contribute, and their weights (sum 2^bits). */
    private static final class Axis {
        final int[] start;
        final int[] count;
        final int[] offset;
        final int[] weights;

        private Axis(int[] start, int[] count, int[] offset, int[] weights) {
            this.start = start;
            this.count = count;
            this.offset = offset;
            this.weights = weights;
        }

        static Axis of(int src, int dst, int bits) {
            int one = 1 << bits;
            double scale = (double) src / dst;
            int[] start = new int[dst];
            int[] count = new int[dst];
            int[] offset = new int[dst];
            int[] weights = new int[dst * ((int) Math.ceil(scale) + 2)];
            int used = 0;
            for (int o = 0; o < dst; o++) {
                double lo;
                double hi;
                if (scale >= 1) {
                    lo = o * scale;
                    hi = Math.min(src, (o + 1) * scale);
                } else {
                    // Upscaling: a unit-wide window centred on the output pixel's centre.
                    double c = (o + 0.5) * scale;
                    lo = Math.max(0, Math.min(src - 1, c - 0.5));
                    hi = lo + 1;
                }
                int first = (int) Math.floor(lo);
                int last = Math.min(src - 1, (int) Math.ceil(hi) - 1);
                double span = hi - lo;
                start[o] = first;
                count[o] = last - first + 1;
                offset[o] = used;
                int sum = 0;
                int biggest = used;
                for (int i = first; i <= last; i++) {
                    double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                    int w = (int) Math.round(overlap / span * one);
                    weights[used] = w;
                    sum += w;
                    if (w > weights[biggest]) {
                        biggest = used;
                    }
                    used++;
                }
                weights[biggest] += one - sum;
            }
            return new Axis(start, count, offset, weights);
        }
    }

    private static byte[] write(Image image, ImageFormat format, float jpegQuality) {
        BufferedImage buffered = wrap(image);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(4096, image.pixels().length / 8));
        String name = format == ImageFormat.JPEG ? "jpeg" : "png";
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(name);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no " + name + " writer in this JRE");
        }
        ImageWriter writer = writers.next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
            }
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Wraps the pixel array in a {@link BufferedImage} without copying; the writer only reads it. */
    private static BufferedImage wrap(Image image) {
        DirectColorModel model = new DirectColorModel(24, 0xFF0000, 0x00FF00, 0x0000FF);
        DataBufferInt buffer = new DataBufferInt(image.pixels(), image.pixels().length);
        WritableRaster raster = Raster.createPackedRaster(buffer, image.width(), image.height(), image.width(),
                model.getMasks(), null);
        return new BufferedImage(model, raster, false, null);
    }
}
