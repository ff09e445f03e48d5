package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ElementCheck;
import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class BudgetTest {
    private static final String GOOD = "{\"found\": true, \"point\": [658, 364], \"confidence\": 0.9, \"reasoning\": \"ok\"}";

    private MockWebServer server;
    private FakeChat.MutableClock clock;
    private final Image screen = Image.filled(1920, 1080, 0xEEEEEE);

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        clock = new FakeChat.MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private OpenRouterVisionLocator locator(CostBudget budget) {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/api/v1").toString())
                .model("qwen/qwen2.5-vl-72b-instruct").apiKey(FakeChat.KEY).zoom(false).clock(clock)
                .budget(budget).build();
    }

    private LocateResult locate(OpenRouterVisionLocator locator) {
        return locator.locate(FakeChat.query(screen, new Point(10, 10), null, "Click Save"));
    }

    @Test
    void locate_usdPerHourSpent_skipsTheCallUntilTheHourPasses() {
        OpenRouterVisionLocator locator = locator(CostBudget.UNLIMITED.withUsdPerHour(0.01));
        for (int i = 0; i < 3; i++) {
            server.enqueue(FakeChat.answer(GOOD, 1000, 20, 0.006));
        }
        assertEquals(LocateResult.Status.FOUND, locate(locator).status());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(LocateResult.Status.FOUND, locate(locator).status(), "0.006 spent is below the cap");
        clock.advance(Duration.ofMinutes(10));
        LocateResult skipped = locate(locator);
        assertEquals(LocateResult.Status.ERROR, skipped.status());
        assertTrue(skipped.reason().startsWith("vision budget exhausted: $0.0120 spent in the last hour"),
                skipped.reason());
        assertEquals(0, skipped.cost().calls());
        assertEquals(2, server.getRequestCount(), "no call beyond the budget");

        clock.advance(Duration.ofMinutes(41));
        assertEquals(LocateResult.Status.FOUND, locate(locator).status(), "the first call left the window");
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void locate_tokensPerDaySpent_skipsTheCall() {
        OpenRouterVisionLocator locator = locator(CostBudget.UNLIMITED.withTokensPerDay(5000));
        server.enqueue(FakeChat.answer(GOOD, 4990, 20, 0));
        assertEquals(LocateResult.Status.FOUND, locate(locator).status());
        clock.advance(Duration.ofHours(5));
        LocateResult skipped = locate(locator);
        assertEquals(LocateResult.Status.ERROR, skipped.status());
        assertTrue(skipped.reason().contains("5010 tokens in the last day, cap 5000"), skipped.reason());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void verifyElement_budgetSpent_answersNoMatchWithoutCalling() {
        OpenRouterVisionLocator locator = locator(CostBudget.UNLIMITED.withTokensPerHour(100));
        server.enqueue(FakeChat.answer(GOOD, 200, 20, 0));
        locate(locator);
        ElementCheck check = locator.verifyElement(screen, new Point(100, 100), "Save");
        assertFalse(check.matches());
        assertEquals(0, check.confidence());
        assertTrue(check.reasoning().contains("budget exhausted"), check.reasoning());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void costBudget_rejectsNonPositiveCaps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CostBudget.UNLIMITED.withUsdPerDay(0));
        assertTrue(e.getMessage().contains("perDay=0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CostBudget.UNLIMITED.withTokensPerHour(-1));
        assertThrows(IllegalArgumentException.class, () -> CostBudget.UNLIMITED.withUsdPerHour(Double.NaN));
    }
}
