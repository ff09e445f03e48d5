package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every profile against the dev corpus: a fake model answers each case's ground truth in the
 * profile's own convention (pixels of the image it received, 0..1000, or Gemini's y-x order), and
 * the locator must map it back to a point inside the expected box, or abstain where the corpus
 * says the element is gone.
 */
@Timeout(120)
final class CorpusConventionTest {
    private static final Path CORPUS = Path.of("../../shared/corpus/dev");

    private record Case(String id, String description, Point old, Rect expected, Image screen) {
    }

    private static List<Case> cases;
    private static MockWebServer server;
    private static volatile Case current;
    private static volatile ModelProfile answering;

    @BeforeAll
    static void load() throws IOException {
        cases = new ArrayList<>();
        if (!Files.isDirectory(CORPUS)) {
            return;
        }
        try (Stream<Path> pairs = Files.list(CORPUS)) {
            for (Path pair : pairs.sorted().toList()) {
                Path json = pair.resolve("cases.json");
                if (!Files.exists(json)) {
                    continue;
                }
                JsonNode root = FakeChat.JSON.readTree(json.toFile());
                Image screen = Image.read(pair.resolve("current.png"));
                for (JsonNode c : root.path("cases")) {
                    JsonNode e = c.path("expected");
                    Rect expected = e.isNull() ? null : Rect.ofCorners(e.path("box").get(0).asInt(),
                            e.path("box").get(1).asInt(), e.path("box").get(2).asInt(), e.path("box").get(3).asInt());
                    cases.add(new Case(c.path("id").asText(), c.path("description").asText(),
                            new Point(c.path("baseline").path("x").asInt(), c.path("baseline").path("y").asInt()),
                            expected, screen));
                }
            }
        }
        server = NoDelaySockets.server();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return FakeChat.answer(groundTruthAnswer(FakeChat.body(request)));
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(ModelProfile.class)
    void locate_groundTruthInEachConvention_mapsInsideTheExpectedBox(ModelProfile profile) {
        assumeTrue(!cases.isEmpty(), "corpus not found at " + CORPUS.toAbsolutePath());
        OpenRouterVisionLocator locator = OpenRouterVisionLocator.builder().calibration(Calibration.OFF)
                .baseUrl(server.url("/api/v1").toString()).model("test-model").profile(profile)
                .apiKey(FakeChat.KEY).zoom(false).httpClient(NoDelaySockets.client()).build();
        answering = profile;
        int checked = 0;
        for (Case c : cases) {
            current = c;
            LocateResult r = locator.locate(FakeChat.query(c.screen(), c.old(), null, c.description()));
            if (c.expected() == null) {
                assertEquals(LocateResult.Status.NOT_FOUND, r.status(), c.id() + ": " + r.reason());
            } else {
                assertEquals(LocateResult.Status.FOUND, r.status(), c.id() + ": " + r.reason());
                Point p = r.candidates().get(0).point();
                assertTrue(c.expected().contains(p), profile + " " + c.id() + ": " + p + " not in " + c.expected());
                Rect box = r.candidates().get(0).box();
                assertTrue(box.iou(c.expected()) > 0.8, profile + " " + c.id() + ": box " + box + " vs " + c.expected());
                checked++;
            }
            assertEquals(1, r.cost().calls());
        }
        assertTrue(checked >= 50, "only " + checked + " cases with a box");
    }

    /** The answer a perfect model would give in {@code answering}'s convention for {@code current}. */
    private static String groundTruthAnswer(JsonNode body) {
        Case c = current;
        if (c.expected() == null) {
            return "{\"found\": false, \"bbox\": [0, 0, 0, 0], \"point\": [0, 0], \"confidence\": 0.0, "
                    + "\"reasoning\": \"not visible\"}";
        }
        int[] sent = sentSize(FakeChat.imageUrls(body).get(0));
        double sw = c.screen().width();
        double sh = c.screen().height();
        Rect e = c.expected();
        double x1 = e.x();
        double y1 = e.y();
        double x2 = e.right();
        double y2 = e.bottom();
        double cx = e.x() + e.width() / 2.0;
        double cy = e.y() + e.height() / 2.0;
        switch (answering.coordinateSpace()) {
            case IMAGE_PIXELS -> {
                double fx = sent[0] / sw;
                double fy = sent[1] / sh;
                String box = fmt(x1 * fx, y1 * fy, x2 * fx, y2 * fy);
                String point = fmt(cx * fx, cy * fy);
                if (answering == ModelProfile.QWEN2_5_VL) {
                    return "```json\n[{\"bbox_2d\": " + box + ", \"point_2d\": " + point
                            + ", \"label\": \"target\", \"confidence\": 0.9}]\n```";
                }
                if (answering == ModelProfile.UI_TARS_1_5) {
                    return "<think>The element is there.</think>\n{\"point\": " + point + ", \"bbox\": " + box
                            + ", \"confidence\": 0.9}";
                }
                return schemaAnswer(box, point);
            }
            case NORMALIZED_1000 -> {
                return schemaAnswer(fmt(x1 / sw * 1000, y1 / sh * 1000, x2 / sw * 1000, y2 / sh * 1000),
                        fmt(cx / sw * 1000, cy / sh * 1000));
            }
            case NORMALIZED_1000_YX -> {
                return "Here you go: {\"box_2d\": " + fmt(y1 / sh * 1000, x1 / sw * 1000, y2 / sh * 1000,
                        x2 / sw * 1000) + ", \"point\": " + fmt(cy / sh * 1000, cx / sw * 1000)
                        + ", \"confidence\": 0.9, \"label\": \"target\"}";
            }
            default -> throw new IllegalStateException();
        }
    }

    private static String schemaAnswer(String box, String point) {
        return "{\"found\": true, \"bbox\": " + box + ", \"point\": " + point
                + ", \"confidence\": 0.9, \"reasoning\": \"ground truth\"}";
    }

    private static String fmt(double... v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Math.round(v[i]));
        }
        return sb.append(']').toString();
    }

    /** Width and height from the image header, without decoding pixels. */
    private static int[] sentSize(String dataUrl) {
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
            throw new UncheckedIOException(String.format(Locale.ROOT, "unreadable image of %d bytes", bytes.length), e);
        }
    }
}
