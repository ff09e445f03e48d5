package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.LocateResult;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calibration kept beyond one locator: a shared {@link CalibrationCache} spares a new locator the two calls. */
@Timeout(60)
final class CalibrationCacheTest {
    private final FamilyServers.Family family = FamilyServers.all()[0];
    private final DevCorpus.Case heal = DevCorpus.load().stream()
            .filter(c -> c.expected() != null && c.expected().width() <= 150).findFirst().orElseThrow();
    private StandInModel model;
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        model = family.standIn();
        model.screen = heal.screen();
        model.truth = heal.expected();
        server = NoDelaySockets.server();
        server.setDispatcher(model);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private OpenRouterVisionLocator.Builder builder() {
        return OpenRouterVisionLocator.builder().baseUrl(server.url("/v1").toString()).model(family.model())
                .apiKey(FakeChat.KEY).structuredOutput(false).calibration(Calibration.ALWAYS)
                .httpClient(NoDelaySockets.client());
    }

    private LocateResult locate(OpenRouterVisionLocator locator) {
        return locator.locate(FakeChat.query(heal.screen(), heal.old(), null, heal.description()));
    }

    @Test
    void locate_sharedCache_secondLocatorDoesNotCalibrateAgain() {
        CalibrationCache cache = CalibrationCache.inMemory();
        LocateResult first = locate(builder().calibrationCache(cache).build());
        OpenRouterVisionLocator second = builder().calibrationCache(cache).build();
        LocateResult again = locate(second);
        assertEquals(LocateResult.Status.FOUND, first.status(), first.reason());
        assertEquals(LocateResult.Status.FOUND, again.status(), again.reason());
        assertEquals(2, model.calibrations.get(), "calibrated once for both locators");
        assertEquals(first.cost().calls() - 2, again.cost().calls());
        assertTrue(second.calibrationSummary().contains("confirmed by calibration"), second.calibrationSummary());
        CalibrationCache.Key key = new CalibrationCache.Key(server.url("/v1/chat/completions").toString(),
                family.model(), family.profile().name());
        assertEquals(ModelProfile.CoordinateSpace.IMAGE_PIXELS, cache.get(key).orElseThrow().space());
    }

    @Test
    void locate_defaultCache_isPerLocator() {
        locate(builder().build());
        locate(builder().build());
        assertEquals(4, model.calibrations.get(), "each locator calibrates for itself by default");
    }

    @Test
    void locate_hostCacheHoldsAnEntry_usedWithoutAsking() {
        AtomicInteger reads = new AtomicInteger();
        CalibrationCache store = new CalibrationCache() {
            @Override
            public Optional<Entry> get(Key key) {
                reads.incrementAndGet();
                return Optional.of(new Entry(ModelProfile.CoordinateSpace.IMAGE_PIXELS, 0, "from the host's store"));
            }

            @Override
            public void put(Key key, Entry entry) {
                throw new AssertionError("nothing to store: the entry was found");
            }
        };
        OpenRouterVisionLocator locator = builder().calibrationCache(store).build();
        LocateResult r = locate(locator);
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(0, model.calibrations.get());
        assertTrue(reads.get() > 0);
        assertEquals("from the host's store", locator.calibrationSummary());
    }

    @Test
    void locate_cacheThatFails_calibratesAndStillHeals() {
        CalibrationCache broken = new CalibrationCache() {
            @Override
            public Optional<Entry> get(Key key) {
                throw new IllegalStateException("store is down");
            }

            @Override
            public void put(Key key, Entry entry) {
                throw new IllegalStateException("store is down");
            }
        };
        LocateResult r = locate(builder().calibrationCache(broken).build());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(2, model.calibrations.get());
    }

    @Test
    void key_blankModel_isRejectedNamingTheParts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CalibrationCache.Key("http://h/v1/chat/completions", " ", "GTA1"));
        assertTrue(e.getMessage().contains("http://h/v1/chat/completions"), e.getMessage());
    }
}
