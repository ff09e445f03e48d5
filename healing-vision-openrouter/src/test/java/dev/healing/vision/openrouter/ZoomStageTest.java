package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two-stage zoom against a fake model that actually looks: it finds the red button in
 * whatever image it receives (the whole screen, then the zoomed crop) and answers in the
 * profile's convention.
 */
@Timeout(60)
final class ZoomStageTest {
    private static final Rect BUTTON = new Rect(1412, 803, 84, 30);

    private MockWebServer server;
    private final List<Image> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    /** Answers per request: (image the model saw, whether it is the zoom stage) -> content. */
    private void model(BiFunction<Image, Boolean, String> answer) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                JsonNode body = FakeChat.body(request);
                Image seen = FakeChat.decode(FakeChat.imageUrls(body).get(0));
                received.add(seen);
                boolean zoomed = FakeChat.text(body).contains("zoomed-in part");
                return FakeChat.answer(answer.apply(seen, zoomed));
            }
        });
    }

    static Image screenWithRedButton() {
        int w = 1920;
        int h = 1080;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = BUTTON.contains(new Point(x, y)) ? 0xE01010 : (x / 64 + y / 64) % 2 == 0 ? 0xF4F4F4
                        : 0xE8E8F0;
            }
        }
        return Image.wrap(w, h, px);
    }

    /** The red pixels' bounds in {@code img}, in the profile's convention, as a JSON answer. */
    static String seeRedButton(Image img, ModelProfile profile, double confidence) {
        int x1 = Integer.MAX_VALUE;
        int y1 = Integer.MAX_VALUE;
        int x2 = -1;
        int y2 = -1;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int p = img.rgb(x, y);
                if ((p >>> 16 & 0xFF) > 180 && (p >>> 8 & 0xFF) < 90 && (p & 0xFF) < 90) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x + 1);
                    y2 = Math.max(y2, y + 1);
                }
            }
        }
        if (x2 < 0) {
            return "{\"found\": false, \"bbox\": [0,0,0,0], \"point\": [0,0], \"confidence\": 0, \"reasoning\": \"none\"}";
        }
        double[] box = {x1, y1, x2, y2};
        double[] point = {(x1 + x2) / 2.0, (y1 + y2) / 2.0};
        double extent = profile.coordinateSpace().extent();
        double fx = profile.coordinateSpace() == ModelProfile.CoordinateSpace.IMAGE_PIXELS ? 1 : extent / img.width();
        double fy = profile.coordinateSpace() == ModelProfile.CoordinateSpace.IMAGE_PIXELS ? 1 : extent / img.height();
        boolean yx = profile.coordinateSpace() == ModelProfile.CoordinateSpace.NORMALIZED_1000_YX;
        String b = yx ? fmt(box[1] * fy, box[0] * fx, box[3] * fy, box[2] * fx)
                : fmt(box[0] * fx, box[1] * fy, box[2] * fx, box[3] * fy);
        String p = yx ? fmt(point[1] * fy, point[0] * fx) : fmt(point[0] * fx, point[1] * fy);
        return "{\"found\": true, \"bbox\": " + b + ", \"point\": " + p + ", \"confidence\": " + confidence
                + ", \"reasoning\": \"the red button\"}";
    }

    private static String fmt(double... v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Math.round(v[i] * 1000) / 1000.0);
        }
        return sb.append(']').toString();
    }

    private OpenRouterVisionLocator.Builder locator(ModelProfile profile) {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/api/v1").toString()).model("m")
                .profile(profile).apiKey(FakeChat.KEY).zoom(true);
    }

    @ParameterizedTest
    @EnumSource(ModelProfile.class)
    void locate_zoomInEveryConvention_refinesInsideTheButton(ModelProfile profile) {
        model((img, zoomed) -> seeRedButton(img, profile, 0.9));
        LocateResult r = locator(profile).build()
                .locate(FakeChat.query(screenWithRedButton(), new Point(200, 200), null, "Click the red button"));

        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        Point p = r.candidates().get(0).point();
        assertTrue(BUTTON.contains(p), profile + ": " + p);
        assertTrue(r.candidates().get(0).reasoning().contains("zoom agreed"));
        assertEquals(2, server.getRequestCount());
        assertEquals(2, r.cost().calls());
        Image crop = received.get(1);
        assertTrue(crop.width() <= 448 + 28 && crop.height() <= 336 + 28, "zoom crop " + crop);
        // The crop is at native resolution: the button keeps its size in pixels.
        if (profile.coordinateSpace() == ModelProfile.CoordinateSpace.IMAGE_PIXELS) {
            assertEquals(448, crop.width());
        }
    }

    @Test
    void locate_zoomAnswerElsewhere_abstains() {
        model((img, zoomed) -> zoomed ? "{\"found\": true, \"bbox\": [0, 0, 30, 30], \"point\": [15, 15], "
                + "\"confidence\": 0.95, \"reasoning\": \"x\"}" : seeRedButton(img, ModelProfile.QWEN2_5_VL, 0.9));
        LocateResult r = locator(ModelProfile.QWEN2_5_VL).build()
                .locate(FakeChat.query(screenWithRedButton(), new Point(200, 200), null, "Click the red button"));
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("zoom stage disagreed"), r.reason());
        assertEquals(2, r.cost().calls());
    }

    @Test
    void locate_zoomSaysNotFound_abstains() {
        model((img, zoomed) -> zoomed ? "{\"found\": false, \"bbox\": [0,0,0,0], \"point\": [0,0], "
                + "\"confidence\": 0, \"reasoning\": \"not here\"}" : seeRedButton(img, ModelProfile.QWEN3_VL, 0.9));
        LocateResult r = locator(ModelProfile.QWEN3_VL).build()
                .locate(FakeChat.query(screenWithRedButton(), new Point(200, 200), null, "Click the red button"));
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().startsWith("zoom stage: the model did not find"), r.reason());
    }

    @Test
    void locate_confidenceBelowThreshold_isNotFound() {
        model((img, zoomed) -> seeRedButton(img, ModelProfile.QWEN2_5_VL, 0.6));
        LocateResult r = locator(ModelProfile.QWEN2_5_VL).build()
                .locate(FakeChat.query(screenWithRedButton(), new Point(200, 200), null, "Click the red button"));
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("confidence 0.60 is below 0.80"), r.reason());
        assertEquals(1, server.getRequestCount(), "no zoom call paid for a hopeless first answer");
    }

    @Test
    void locate_confidenceMissing_usesTheAssumedConfidence() {
        model((img, zoomed) -> "click(start_box='(1454,818)')");
        Image screen = screenWithRedButton();
        LocateResult strict = locator(ModelProfile.GENERIC).zoom(false).build()
                .locate(FakeChat.query(screen, new Point(200, 200), null, "Click the red button"));
        assertEquals(LocateResult.Status.NOT_FOUND, strict.status(), "0.50 assumed is below 0.80");
        LocateResult trusting = locator(ModelProfile.GENERIC).zoom(false).assumedConfidence(0.85).build()
                .locate(FakeChat.query(screen, new Point(200, 200), null, "Click the red button"));
        assertEquals(LocateResult.Status.FOUND, trusting.status(), trusting.reason());
        assertEquals(new Point(1454, 818), trusting.candidates().get(0).point());
        assertEquals(0.85, trusting.candidates().get(0).confidence());
    }
}
