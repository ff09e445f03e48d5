package dev.healing.jmh;

import dev.healing.api.Image;
import dev.healing.vision.openrouter.ImageFormat;
import dev.healing.vision.openrouter.ModelProfile;
import dev.healing.vision.openrouter.internal.FrameEncoder;
import dev.healing.vision.openrouter.internal.SentSize;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to turn a 1920x1080 frame into the data URL of a vision request. References: what a naive
 * client does (ImageIO PNG of the full frame), Java2D bilinear scaling followed by ImageIO JPEG,
 * and AWT's area-averaging scaler (the same filter as ours) followed by ImageIO JPEG. Ours: area-averaging resize to the model's size (1316x728 for Qwen2.5-VL) then JPEG or PNG.
 *
 * <p>The frame is the corpus screenshot {@code ../shared/corpus/dev/sbadmin2-moved-01/current.png}
 * when present (run from the repository root), otherwise a synthetic UI-like frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VisionEncodeBenchmark {
    private Image frame;
    private BufferedImage frameBuffered;
    private SentSize qwen;

    @Setup
    public void setUp() {
        Path corpus = Path.of("../shared/corpus/dev/sbadmin2-moved-01/current.png");
        frame = Files.exists(corpus) ? Image.read(corpus) : synthetic();
        frameBuffered = frame.toBufferedImage();
        qwen = SentSize.forProfile(ModelProfile.QWEN2_5_VL, frame.width(), frame.height(), 1);
        System.err.printf("frame %s (%s); bytes: reference PNG full %d, reference Java2D+JPEG %d, ours JPEG %d, "
                        + "ours PNG %d%n", frame, Files.exists(corpus) ? corpus : "synthetic",
                referencePngFullFrame().length(), referenceJava2dScaleJpeg().length(), oursJpeg().length(),
                oursPng().length());
    }

    /** Reference: the whole frame as PNG through ImageIO, base64 data URL. */
    @Benchmark
    public String referencePngFullFrame() {
        return dataUrl("png", write(frameBuffered, "png", 0f));
    }

    /** Reference: Java2D bilinear scaling to the Qwen size, then ImageIO JPEG 0.9. */
    @Benchmark
    public String referenceJava2dScaleJpeg() {
        BufferedImage scaled = new BufferedImage(qwen.width(), qwen.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frameBuffered, 0, 0, qwen.width(), qwen.height(), null);
        g.dispose();
        return dataUrl("jpeg", write(scaled, "jpeg", 0.9f));
    }

    /** Reference of the same quality: AWT's area-averaging scaler, then ImageIO JPEG 0.9. */
    @Benchmark
    public String referenceAwtAreaAveragingJpeg() {
        java.awt.Image scaledView = frameBuffered.getScaledInstance(qwen.width(), qwen.height(),
                java.awt.Image.SCALE_AREA_AVERAGING);
        BufferedImage scaled = new BufferedImage(qwen.width(), qwen.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.drawImage(scaledView, 0, 0, null);
        g.dispose();
        return dataUrl("jpeg", write(scaled, "jpeg", 0.9f));
    }

    /** Ours: area-averaging resize to 1316x728, JPEG 0.9, data URL. */
    @Benchmark
    public String oursJpeg() {
        return FrameEncoder.encode(frame, qwen, ImageFormat.JPEG, 0.9f).dataUrl();
    }

    /** Ours: area-averaging resize to 1316x728, PNG, data URL. */
    @Benchmark
    public String oursPng() {
        return FrameEncoder.encode(frame, qwen, ImageFormat.PNG, 0.9f).dataUrl();
    }

    /** Ours: the resize alone. */
    @Benchmark
    public Image oursResizeOnly() {
        return FrameEncoder.resize(frame, qwen.width(), qwen.height());
    }

    private static String dataUrl(String type, byte[] bytes) {
        return "data:image/" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] write(BufferedImage image, String format, float quality) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        ImageWriter writer = writers.next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static Image synthetic() {
        int w = 1920;
        int h = 1080;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean button = (x % 240) > 20 && (x % 240) < 200 && (y % 90) > 30 && (y % 90) < 70;
                boolean text = button && ((x * 7 + y * 3) % 11 < 3);
                px[y * w + x] = text ? 0xFFFFFF : button ? 0x4E73DF : 0xF8F9FC;
            }
        }
        return Image.wrap(w, h, px);
    }
}
