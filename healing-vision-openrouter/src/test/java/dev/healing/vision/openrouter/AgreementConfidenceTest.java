package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healing.api.Candidate;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A grounding model that states no confidence (GTA1: a bare "(x, y)") gets it from agreement: the
 * zoom stage, a second sample (with another seed, or at a quarter of the pixels), and the local
 * similarity at the answer.
 */
@Timeout(30)
final class AgreementConfidenceTest {
    private static final Image SCREEN = FrameEncoderStripes.screen();
    /** Where the stand-in model says the element is, in screen pixels. */
    private static final Point TRUTH = new Point(960, 528);
    private MockWebServer server;
    /** The screen point the second sample answers, or null for "not there". */
    private volatile Point secondAnswer = TRUTH;
    private volatile boolean zoomAgrees = true;
    private final List<int[]> screenSizes = new CopyOnWriteArrayList<>();
    private final List<JsonNode> screenBodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = NoDelaySockets.server();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                JsonNode body = FakeChat.body(request);
                int[] size = StandInModel.size(FakeChat.imageUrls(body).get(0));
                if (FakeChat.text(body).contains("numbered red marks")) {
                    return FakeChat.answer("{\"mark\": 2, \"confidence\": 0.9, \"reasoning\": \"the Save button\"}");
                }
                if (FakeChat.text(body).contains("zoomed-in part")) {
                    // The 448x336 zoom window around (960, 528) starts at (736, 360).
                    return FakeChat.answer(zoomAgrees ? "(224, 168)" : "(20, 20)");
                }
                screenSizes.add(size);
                screenBodies.add(body);
                Point p = screenSizes.size() == 1 ? TRUTH : secondAnswer;
                if (p == null) {
                    return FakeChat.answer("NONE");
                }
                return FakeChat.answer(String.format(Locale.ROOT, "(%d, %d)", Math.round(p.x() * size[0] / 1920.0),
                        Math.round(p.y() * size[1] / 1080.0)));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private OpenRouterVisionLocator.Builder builder() {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/v1").toString())
                .model("Salesforce/GTA1-7B").apiKey(FakeChat.KEY).httpClient(NoDelaySockets.client())
                .seededSample(false);
    }

    private LocateResult locate(OpenRouterVisionLocator locator, Image baseline) {
        return locator.locate(FakeChat.query(SCREEN, new Point(100, 100), baseline, "Save"));
    }

    @Test
    void locate_zoomAndSecondScaleAgree_confidenceComesFromAgreement() {
        LocateResult r = locate(builder().build(), null);
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        Candidate c = r.candidates().get(0);
        assertEquals(OpenRouterVisionLocator.DEFAULT_AGREEMENT_CONFIDENCE + OpenRouterVisionLocator.SIGNAL_AGREES,
                c.confidence(), 1e-9);
        assertTrue(c.point().distanceTo(TRUTH) <= 2, c.point().toString());
        assertTrue(c.reasoning().contains("second scale agreed") && c.reasoning().contains("from agreement"),
                c.reasoning());
        assertEquals(3, r.cost().calls(), "first question, zoom, second scale");
        assertEquals(3, server.getRequestCount());
        assertEquals(2, screenSizes.size());
        int[] first = screenSizes.get(0);
        int[] second = screenSizes.get(1);
        assertTrue(second[0] * 3 < first[0] * 2 && second[1] * 3 < first[1] * 2,
                "the second sample is smaller: " + first[0] + "x" + first[1] + " then " + second[0] + "x" + second[1]);
    }

    @Test
    void locate_secondScaleDisagrees_confidenceDropsBelowTheThreshold() {
        secondAnswer = new Point(300, 800);
        LocateResult r = locate(builder().build(), null);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("second scale disagreed") && r.reason().contains("0.55"), r.reason());
    }

    @Test
    void locate_secondScaleFindsNothing_abstains() {
        secondAnswer = null;
        LocateResult r = locate(builder().build(), null);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("second scale found nothing"), r.reason());
    }

    @Test
    void locate_secondScaleOff_zoomAgreementAloneCounts() {
        LocateResult r = locate(builder().secondScale(false).build(), null);
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(OpenRouterVisionLocator.DEFAULT_AGREEMENT_CONFIDENCE, r.candidates().get(0).confidence(), 1e-9);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void locate_baselineLooksLikeTheAnswer_raisesConfidence() {
        Image baseline = SCREEN.cropAround(TRUTH, 100, 100);
        LocateResult r = locate(builder().build(), baseline);
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(OpenRouterVisionLocator.MAX_AGREEMENT_CONFIDENCE, r.candidates().get(0).confidence(), 1e-9);
        assertTrue(r.candidates().get(0).reasoning().contains("local similarity 1.00"),
                r.candidates().get(0).reasoning());
    }

    @Test
    void locate_baselineLooksUnlikeTheAnswer_lowersConfidence() {
        // A checkerboard correlates with nothing on the striped screen.
        int[] px = new int[100 * 100];
        for (int i = 0; i < px.length; i++) {
            px[i] = ((i % 100) / 5 + (i / 100) / 5) % 2 == 0 ? 0x000000 : 0xFFFFFF;
        }
        LocateResult once = locate(builder().secondScale(false).build(), Image.wrap(100, 100, px));
        assertEquals(LocateResult.Status.NOT_FOUND, once.status(), "zoom agreement 0.85 - 0.10 is below 0.80");
        assertTrue(once.reason().contains("0.75"), once.reason());
    }

    @Test
    void locate_hostScorerIsUsed() {
        LocateResult r = locate(builder().similarityScorer((a, b) -> 0.1).build(), SCREEN.cropAround(TRUTH, 100, 100));
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(0.80, r.candidates().get(0).confidence(), 1e-9, "0.85 + 0.05 (second scale) - 0.10 (looks different)");
        assertTrue(r.candidates().get(0).reasoning().contains("local similarity 0.10"), r.candidates().get(0).reasoning());
    }

    @Test
    void locate_scorerThatThrows_givesNoSignal() {
        LocateResult r = locate(builder().similarityScorer((a, b) -> {
            throw new IllegalStateException("broken scorer");
        }).build(), SCREEN.cropAround(TRUTH, 100, 100));
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(0.90, r.candidates().get(0).confidence(), 1e-9);
    }

    @Test
    void locate_zoomDisagrees_abstainsWithoutASecondSample() {
        zoomAgrees = false;
        LocateResult r = locate(builder().build(), null);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("zoom stage disagreed"), r.reason());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void locate_noZoomStage_noConfidence_abstains() {
        LocateResult r = locate(builder().zoom(false).build(), null);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("states none"), r.reason());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void locate_marksAnswerPointsAtACandidate_checkedByTheZoomStage() throws Exception {
        Candidate lookAlike = new Candidate(new Point(300, 200), Rect.of(280, 190, 40, 20), 0.6, "template", "");
        Candidate real = new Candidate(TRUTH, Rect.of(930, 515, 60, 26), 0.58, "template", "");
        LocateQuery q = FakeChat.query(SCREEN, new Point(100, 100), null, "Save")
                .withLocalCandidates(List.of(lookAlike, real));
        LocateResult r = builder().build().locate(q);
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(real.point(), r.candidates().get(0).point());
        assertTrue(FakeChat.text(FakeChat.body(server.takeRequest())).contains("numbered red marks"));
        assertEquals(3, server.getRequestCount(), "the zoom answer states none: a second sample is asked");
        assertEquals(0.90, r.candidates().get(0).confidence(), 1e-9, "min(0.9 stated, 0.85) + 0.05");
    }

    @Test
    void locate_seededSampleAgrees_sameImageAnotherSeedRaisesConfidence() {
        LocateResult r = locate(builder().seededSample(true).seeds(() -> 4242).build(), null);
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        Candidate c = r.candidates().get(0);
        assertEquals(OpenRouterVisionLocator.DEFAULT_AGREEMENT_CONFIDENCE + OpenRouterVisionLocator.SIGNAL_AGREES,
                c.confidence(), 1e-9);
        assertTrue(c.reasoning().contains("second sample (seed 4242, temperature 0.7) agreed"), c.reasoning());
        assertEquals(3, r.cost().calls(), "first question, zoom, second sample");
        assertEquals(2, screenBodies.size());
        JsonNode first = screenBodies.get(0);
        JsonNode second = screenBodies.get(1);
        assertTrue(!first.has("seed") && first.path("temperature").asDouble() == 0.0, first.toString());
        assertEquals(4242, second.path("seed").asLong());
        assertEquals(ModelProfile.SAMPLE_TEMPERATURE, second.path("temperature").asDouble(), 1e-9);
        assertEquals(screenSizes.get(0)[0], screenSizes.get(1)[0], "the same image, not a smaller one");
        assertEquals(FakeChat.imageUrls(first).get(0), FakeChat.imageUrls(second).get(0));
    }

    @Test
    void locate_seededSampleDisagrees_confidenceDropsBelowTheThreshold() {
        secondAnswer = new Point(300, 800);
        LocateResult r = locate(builder().seededSample(true).build(), null);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("second sample (seed") && r.reason().contains("disagreed at")
                && r.reason().contains("0.55"), r.reason());
    }
}
