package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Candidate;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, must show: per family a local server that resizes what it receives as that family's
 * server does and answers the truth in the family's native format and coordinate space. Over the
 * whole dev corpus, with calibration and the zoom stage on, every healable case (look-alikes
 * included) is FOUND inside its box and every removed element is NOT_FOUND: no false heal.
 */
@Timeout(300)
final class FamilyServerTest {
    private static List<DevCorpus.Case> cases;

    @BeforeAll
    static void load() {
        cases = DevCorpus.load();
    }

    static Stream<Arguments> families() {
        List<Arguments> out = new ArrayList<>();
        for (FamilyServers.Family f : FamilyServers.all()) {
            out.add(Arguments.of(f.model(), f));
        }
        return out.stream();
    }

    /** What one family run showed. */
    record Run(int healed, int abstained, int requests, int calibrations, String summary) {
    }

    /**
     * Every family runs every case of the dev corpus; the marks question, which needs two local
     * candidates, runs on the look-alikes and the removals.
     */
    static List<DevCorpus.Case> casesFor(boolean marks) {
        if (!marks) {
            return cases;
        }
        return cases.stream().filter(c -> c.kind().contains("lookalike") || c.expected() == null).toList();
    }

    static Run run(FamilyServers.Family family, StandInModel model, String modelId, boolean marks) throws IOException {
        return run(family, model, modelId, marks, casesFor(marks));
    }

    static Run run(FamilyServers.Family family, StandInModel model, String modelId, boolean marks,
                   List<DevCorpus.Case> chosen) throws IOException {
        MockWebServer server = NoDelaySockets.server();
        server.setDispatcher(model);
        server.start();
        try {
            boolean nativeShape = !family.format().equals("json") && !family.format().equals("gemini");
            OpenRouterVisionLocator locator = OpenRouterVisionLocator.builder()
                    .baseUrl(server.url("/v1").toString()).model(modelId).apiKey(FakeChat.KEY)
                    .structuredOutput(!nativeShape).httpClient(NoDelaySockets.client()).build();
            int healed = 0;
            int abstained = 0;
            for (DevCorpus.Case c : chosen) {
                model.screen = c.screen();
                model.truth = c.expected();
                var query = FakeChat.query(c.screen(), c.old(), null, c.description());
                if (marks && c.expected() != null && c.oldBox() != null) {
                    // Local matching could not decide between the old place (a look-alike now) and the new one.
                    List<Candidate> local = List.of(
                            new Candidate(center(c.oldBox()), c.oldBox(), 0.6, "template", "old place"),
                            new Candidate(center(c.expected()), c.expected(), 0.58, "template", "new place"));
                    model.marks = List.of(local.get(0).point(), local.get(1).point());
                    query = query.withLocalCandidates(local);
                } else {
                    model.marks = List.of();
                }
                LocateResult r = locator.locate(query);
                if (c.expected() == null) {
                    assertEquals(LocateResult.Status.NOT_FOUND, r.status(), modelId + " " + c.id() + ": " + r.reason());
                    abstained++;
                } else {
                    assertEquals(LocateResult.Status.FOUND, r.status(), modelId + " " + c.id() + ": " + r.reason());
                    Point p = r.candidates().get(0).point();
                    assertTrue(c.expected().contains(p), modelId + " " + c.id() + ": " + p + " not in " + c.expected()
                            + " (" + r.candidates().get(0).reasoning() + ")");
                    healed++;
                }
            }
            return new Run(healed, abstained, model.requests.get(), model.calibrations.get(),
                    locator.calibrationSummary());
        } finally {
            server.shutdown();
        }
    }

    static Point center(dev.healing.api.Rect r) {
        return new Point(r.x() + r.width() / 2, r.y() + r.height() / 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void locate_truthInTheFamilysOwnConvention_mapsInsideEveryBox(String model, FamilyServers.Family family)
            throws IOException {
        Run run = run(family, family.standIn(), model, false);
        int healable = (int) casesFor(false).stream().filter(c -> c.expected() != null).count();
        assertEquals(healable, run.healed(), model);
        assertTrue(run.abstained() >= 10, model + " abstained on " + run.abstained());
        assertEquals(2, run.calibrations(), "a local server is calibrated once: " + run.summary());
        assertTrue(run.summary().contains("confirmed"), run.summary());
    }

    @Test
    void locate_lmStudioShrinksTo1024_calibrationFindsItAndEveryClickLandsInTheBox() throws IOException {
        FamilyServers.Family qwen = new FamilyServers.Family(ModelProfile.QWEN2_5_VL, "qwen2.5-vl-7b-instruct",
                FamilyServers.Space.PIXELS, "qwen", FamilyServers.longEdge(1024));
        Run run = run(qwen, qwen.standIn(), qwen.model(), false, casesFor(false));
        assertTrue(run.summary().contains("server shrinks to 1024 px"), run.summary());
        assertTrue(run.summary().contains("not used"), run.summary());
        assertTrue(run.healed() >= 20, "healed " + run.healed());
    }

    @Test
    void locate_undeclaredConvention_calibrationFindsYFirstThousandths() throws IOException {
        // An unknown model id behind a vLLM-like server that answers [y, x] on 0..1000, told nobody.
        FamilyServers.Family odd = new FamilyServers.Family(ModelProfile.GENERIC, "acme/screen-pointer-7b",
                FamilyServers.Space.N1000_YX, "json", FamilyServers.KEEP);
        Run run = run(odd, odd.standIn(), odd.model(), false);
        assertTrue(run.summary().contains("NORMALIZED_1000_YX"), run.summary());
        assertTrue(run.healed() >= 20, "healed " + run.healed());
    }

    @Test
    void locate_undeclaredPercentPoints_calibrationFindsThem() throws IOException {
        FamilyServers.Family odd = new FamilyServers.Family(ModelProfile.GENERIC, "acme/pointer-percent",
                FamilyServers.Space.PERCENT, "molmo", FamilyServers.KEEP);
        Run run = run(odd, odd.standIn(), odd.model(), false);
        assertTrue(run.summary().contains("NORMALIZED_100"), run.summary());
        assertTrue(run.healed() >= 20, "healed " + run.healed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void locate_localCandidatesAsMarks_picksTheTrueOneOnEveryCaseIncludingLookAlikes(String model,
            FamilyServers.Family family) throws IOException {
        Run run = run(family, family.standIn(), model, true);
        int healable = (int) casesFor(true).stream().filter(c -> c.expected() != null).count();
        assertEquals(healable, run.healed(), model);
        assertTrue(healable >= 10 && run.abstained() >= 10, model + ": " + run);
    }
}
