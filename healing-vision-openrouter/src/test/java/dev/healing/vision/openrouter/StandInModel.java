package dev.healing.vision.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.vision.openrouter.internal.Conventions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A model server that tells the truth in its own convention: it resizes each received image the
 * way its family's server does, then answers the current case's expected box (or "not there") in
 * the family's native format and coordinate space; the calibration disc it finds by its colour,
 * a zoomed crop it places from where its first answer was, a marks question it answers with the
 * number of the true candidate. It never sees the client's profile.
 */
final class StandInModel extends Dispatcher {
    /** How a family writes an answer: the box as fractions of the image, the image it saw, whether a schema was asked. */
    interface Writer {
        String write(double[] fractionBox, int seenWidth, int seenHeight, boolean schema);
    }

    private final Writer writer;
    private final BiFunction<Integer, Integer, int[]> serverResize;
    private final boolean givesBox;
    private final boolean answerInReasoning;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger calibrations = new AtomicInteger();
    /** Post-checks ({@code verifyElement}) asked. */
    final AtomicInteger verifications = new AtomicInteger();
    volatile Image screen;
    volatile Rect truth;
    volatile List<Point> marks = List.of();
    /** Sizes of the largest image received for a whole screen and of the last zoom crop. */
    volatile int[] lastScreen;
    volatile int[] lastZoom;
    /** Size of the last second sample (a smaller whole screen, or one asked with a seed), or null. */
    volatile int[] lastSecond;
    /** Requests that carried a {@code seed} (repeated samples), and the last one's temperature. */
    final AtomicInteger seeded = new AtomicInteger();
    volatile double seededTemperature = Double.NaN;

    /**
     * @param givesBox          whether the family's answers carry a box (the client then sizes the zoom window by it)
     * @param answerInReasoning whether the answer comes in {@code reasoning_content} with empty content
     */
    StandInModel(Writer writer, BiFunction<Integer, Integer, int[]> serverResize, boolean givesBox,
                 boolean answerInReasoning) {
        this.writer = writer;
        this.serverResize = serverResize;
        this.givesBox = givesBox;
        this.answerInReasoning = answerInReasoning;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        JsonNode body = FakeChat.body(request);
        String text = FakeChat.text(body);
        String url = FakeChat.imageUrls(body).get(0);
        int[] received = size(url);
        int[] seen = serverResize.apply(received[0], received[1]);
        boolean schema = body.has("response_format");
        if (text.contains("calibration marker")) {
            calibrations.incrementAndGet();
            double[] c = redCentroid(decode(url));
            double r = 0.01;
            return reply(answer(new double[] {c[0] - r, c[1] - r, c[0] + r, c[1] + r}, seen, schema));
        }
        if (text.contains("red ring")) {
            // The healer's post-check of a point this model gave: it only ever points at the truth.
            verifications.incrementAndGet();
            return reply("{\"matches\": " + (truth != null) + ", \"confidence\": 0.9, "
                    + "\"reasoning\": \"the described element\"}");
        }
        if (text.contains("numbered red marks")) {
            int pick = 0;
            for (int i = 0; i < marks.size(); i++) {
                if (truth != null && truth.contains(marks.get(i))) {
                    pick = i + 1;
                }
            }
            return reply("{\"mark\": " + pick + ", \"confidence\": 0.9, \"reasoning\": \"the described one\"}");
        }
        Rect t = truth;
        if (t == null) {
            return reply(schema ? "{\"found\": false, \"bbox\": [0, 0, 0, 0], \"point\": [0, 0], "
                    + "\"confidence\": 0, \"reasoning\": \"not there\"}" : "NONE");
        }
        Rect region = screen.bounds();
        if (body.has("seed")) {
            seeded.incrementAndGet();
            seededTemperature = body.path("temperature").asDouble(Double.NaN);
            lastSecond = received;
        } else if (text.contains("zoomed-in part")) {
            lastZoom = received;
        } else if (lastScreen != null && (long) received[0] * received[1] < (long) lastScreen[0] * lastScreen[1]) {
            lastSecond = received;
        } else if (lastScreen == null || (long) received[0] * received[1] >= (long) lastScreen[0] * lastScreen[1]) {
            // The larger of the first question and the second sample at a quarter of the pixels.
            lastScreen = received;
        }
        if (text.contains("zoomed-in part")) {
            Point center = new Point(t.x() + t.width() / 2, t.y() + t.height() / 2);
            region = OpenRouterVisionLocator.zoomWindow(new Conventions.Located(center, givesBox || !marks.isEmpty() ? t : null), screen);
        }
        double[] f = {
            (t.x() - region.x()) / (double) region.width(), (t.y() - region.y()) / (double) region.height(),
            (t.right() - region.x()) / (double) region.width(), (t.bottom() - region.y()) / (double) region.height()};
        return reply(answer(f, seen, schema));
    }

    private String answer(double[] f, int[] seen, boolean schema) {
        return writer.write(f, seen[0], seen[1], schema);
    }

    private MockResponse reply(String content) {
        if (!answerInReasoning) {
            return FakeChat.answer(content);
        }
        ObjectNode root = FakeChat.JSON.createObjectNode();
        ObjectNode message = root.putArray("choices").addObject().putObject("message");
        message.put("role", "assistant");
        message.put("content", "");
        message.put("reasoning_content", content);
        root.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 200).put("cost", 0.001);
        return FakeChat.json(200, root.toString());
    }

    static String num(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Width and height from the image header, without decoding pixels. */
    static int[] size(String dataUrl) {
        byte[] bytes = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decode(String dataUrl) {
        byte[] bytes = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The red disc's centre as fractions of the image. */
    static double[] redCentroid(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgbs = image.getRGB(0, 0, w, h, null, 0, w);
        double sx = 0;
        double sy = 0;
        long n = 0;
        for (int i = 0; i < rgbs.length; i++) {
            int r = rgbs[i] >> 16 & 0xFF;
            int g = rgbs[i] >> 8 & 0xFF;
            int b = rgbs[i] & 0xFF;
            if (r > 180 && g < 90 && b < 90) {
                sx += i % w + 0.5;
                sy += i / w + 0.5;
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no red disc in the calibration image");
        }
        return new double[] {sx / n / image.getWidth(), sy / n / image.getHeight()};
    }
}
