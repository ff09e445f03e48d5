package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Candidate;
import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.IOException;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A grounding model that states no confidence (GTA1: a bare "(x, y)") gets it from the zoom stage's agreement. */
@Timeout(30)
final class AgreementConfidenceTest {
    private static final Image SCREEN = FrameEncoderStripes.screen();
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = NoDelaySockets.server();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private LocateResult locate(boolean zoom) {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/v1").toString())
                .model("Salesforce/GTA1-7B").apiKey(FakeChat.KEY).zoom(zoom).httpClient(NoDelaySockets.client())
                .build().locate(FakeChat.query(SCREEN, new Point(100, 100), null, "Save"));
    }

    @Test
    void locate_zoomAgrees_confidenceComesFromAgreement() {
        // (658, 356) in the 1316x728 image is (960, 528) on screen; the 448x336 zoom window starts at (736, 360).
        server.enqueue(FakeChat.answer("(658, 356)"));
        server.enqueue(FakeChat.answer("(224, 168)"));
        LocateResult r = locate(true);
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        Candidate c = r.candidates().get(0);
        assertEquals(OpenRouterVisionLocator.DEFAULT_AGREEMENT_CONFIDENCE, c.confidence(), 1e-9);
        assertTrue(c.point().distanceTo(new Point(960, 528)) <= 2, c.point().toString());
        assertTrue(c.reasoning().contains("from agreement"), c.reasoning());
    }

    @Test
    void locate_zoomDisagrees_abstains() {
        server.enqueue(FakeChat.answer("(658, 356)"));
        server.enqueue(FakeChat.answer("(20, 20)"));
        LocateResult r = locate(true);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("zoom stage disagreed"), r.reason());
    }

    @Test
    void locate_noZoomStage_noConfidence_abstains() {
        server.enqueue(FakeChat.answer("(658, 356)"));
        LocateResult r = locate(false);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("states none"), r.reason());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void locate_marksAnswerPointsAtACandidate_checkedByTheZoomStage() throws Exception {
        Candidate lookAlike = new Candidate(new Point(300, 200), dev.healing.api.Rect.of(280, 190, 40, 20), 0.6,
                "template", "");
        Candidate real = new Candidate(new Point(960, 528), dev.healing.api.Rect.of(930, 515, 60, 26), 0.58,
                "template", "");
        server.enqueue(FakeChat.answer("{\"mark\": 2, \"confidence\": 0.9, \"reasoning\": \"the Save button\"}"));
        server.enqueue(FakeChat.answer("(224, 168)"));
        LocateResult r = OpenRouterVisionLocator.builder().calibration(Calibration.OFF)
                .baseUrl(server.url("/v1").toString()).model("Salesforce/GTA1-7B").apiKey(FakeChat.KEY)
                .httpClient(NoDelaySockets.client()).build()
                .locate(FakeChat.query(SCREEN, new Point(100, 100), null, "Save")
                        .withLocalCandidates(java.util.List.of(lookAlike, real)));
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(real.point(), r.candidates().get(0).point());
        assertTrue(FakeChat.text(FakeChat.body(server.takeRequest())).contains("numbered red marks"));
    }
}
