package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.HealingStore;
import dev.healing.api.LocateResult;
import dev.healing.api.ModelCalibrations;
import dev.healing.api.VerificationResult;
import dev.healing.core.Healer;
import dev.healing.core.InMemoryStore;
import dev.healing.core.StepLocator;
import dev.healing.core.workflow.JsonWorkflowStore;
import dev.healing.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration kept in the host's store ({@code HealingStore.calibrations()}): a healer built over
 * a store hands it to its vision locator, and a second healer (a new process, another runner)
 * over the same store does not calibrate again.
 */
@Timeout(60)
final class StoreCalibrationTest {
    private final FamilyServers.Family family = FamilyServers.all()[0];
    private final DevCorpus.Case heal = DevCorpus.load().stream()
            .filter(c -> c.expected() != null && c.expected().width() <= 150).findFirst().orElseThrow();
    private StandInModel model;
    private MockWebServer server;
    @TempDir
    Path dir;

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

    private String key() {
        return new CalibrationCache.Key(server.url("/v1/chat/completions").toString(), family.model(),
                family.profile().name()).text();
    }

    private StepLocator.Result locateThroughHealer(HealingStore store) {
        Healer healer = Healer.builder().store(store).screen(heal::screen).locator(builder().build())
                .workflows(JsonWorkflowStore.inDirectory(dir)).verifier((w, s) -> VerificationResult.succeeded())
                .build();
        return healer.locate(FakeChat.query(heal.screen(), heal.old(), null, heal.description()));
    }

    @Test
    void locate_secondHealerOverTheSameStore_doesNotCalibrateAgain() {
        InMemoryStore store = new InMemoryStore();
        StepLocator.Result first = locateThroughHealer(store);
        StepLocator.Result second = locateThroughHealer(store);
        assertTrue(first.candidate().isPresent(), first.notes().toString());
        assertTrue(second.candidate().isPresent(), second.notes().toString());
        assertTrue(heal.expected().contains(second.candidate().get().point()), second.candidate().toString());
        assertEquals(2, model.calibrations.get(), "two calls for the first healer, none for the second");
        assertEquals(2, model.verifications.get(), "the locate step checks a vision candidate as attemptHeal does");
        String stored = store.calibrations().find(key()).orElseThrow();
        assertTrue(stored.startsWith(StoredCalibrations.VERSION + " IMAGE_PIXELS 0\n"), stored);
        assertTrue(stored.contains("confirmed by calibration"), stored);
    }

    @Test
    void locate_healerOverAReopenedSqliteFile_doesNotCalibrateAgain() {
        Path file = dir.resolve("healing.db");
        try (SqliteStore store = SqliteStore.builder().path(file).build()) {
            assertTrue(locateThroughHealer(store).candidate().isPresent());
        }
        StepLocator.Result again;
        try (SqliteStore reopened = SqliteStore.builder().path(file).build()) {
            again = locateThroughHealer(reopened);
            assertTrue(reopened.calibrations().find(key()).orElseThrow().startsWith(StoredCalibrations.VERSION + " "));
        }
        assertTrue(again.candidate().isPresent(), again.notes().toString());
        assertTrue(heal.expected().contains(again.candidate().get().point()), again.candidate().toString());
        assertEquals(2, model.calibrations.get(), "calibrated by the first process only; the second read the file");
    }

    @Test
    void locate_storedValueUnreadable_isAMissThenReplaced() {
        InMemoryStore store = new InMemoryStore();
        store.calibrations().save(key(), "calibration/9 SOMETHING NEW\nfrom a later version");
        OpenRouterVisionLocator locator = builder().build().withCalibrations(store.calibrations());
        LocateResult r = locator.locate(FakeChat.query(heal.screen(), heal.old(), null, heal.description()));
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(2, model.calibrations.get());
        assertTrue(store.calibrations().find(key()).orElseThrow().startsWith(StoredCalibrations.VERSION + " "));
    }

    @Test
    void withCalibrations_hostChoseACacheOrStoreKeepsNothing_sameLocator() {
        OpenRouterVisionLocator chosen = builder().calibrationCache(CalibrationCache.inMemory()).build();
        assertSame(chosen, chosen.withCalibrations(new InMemoryStore().calibrations()));
        OpenRouterVisionLocator plain = builder().build();
        assertSame(plain, plain.withCalibrations(ModelCalibrations.none()));
    }

    @Test
    void decode_encodedEntry_roundTripsAnySummary() {
        CalibrationCache.Entry e = new CalibrationCache.Entry(ModelProfile.CoordinateSpace.NORMALIZED_1000_YX, 1024,
                "GENERIC assumes a|b\nbut found: NORMALIZED_1000_YX");
        CalibrationCache.Key k = new CalibrationCache.Key("http://h/v1", "m", "GENERIC");
        assertEquals(Optional.of(e), StoredCalibrations.decode(k, StoredCalibrations.encode(e)));
    }

    @Test
    void decode_damagedValues_areMissesNeverExceptions() {
        CalibrationCache.Key k = new CalibrationCache.Key("http://h/v1", "m", "GENERIC");
        for (String bad : new String[] {"", "calibration/1", "calibration/1 IMAGE_PIXELS\nx",
            "calibration/1 NO_SUCH_SPACE 0\nx", "calibration/1 IMAGE_PIXELS -5\nx", "calibration/1 IMAGE_PIXELS 1e3\nx",
            "calibration/2 IMAGE_PIXELS 0\nx"}) {
            assertEquals(Optional.empty(), StoredCalibrations.decode(k, bad), bad);
        }
    }
}
