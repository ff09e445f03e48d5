package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.healing.api.ElementCheck;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.ModelCalibrations;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.api.VisionLocator;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A healer built over a store hands the store's calibrations to its vision locators. */
final class HealerCalibrationsTest {
    @TempDir
    Path dir;

    /** Records the calibrations it was given. */
    static final class RecordingVision implements VisionLocator {
        volatile ModelCalibrations given;

        @Override
        public VisionLocator withCalibrations(ModelCalibrations calibrations) {
            given = calibrations;
            return this;
        }

        @Override
        public String name() {
            return "vision";
        }

        @Override
        public LocateResult locate(LocateQuery query) {
            return LocateResult.notFound("not asked");
        }

        @Override
        public ElementCheck verifyElement(Image screen, Point point, String description) {
            throw new AssertionError("not asked");
        }
    }

    @Test
    void build_withStore_visionLocatorKeepsCalibrationInTheStore() {
        InMemoryStore store = new InMemoryStore();
        RecordingVision vision = new RecordingVision();
        Healer.builder().store(store).screen(() -> Image.filled(64, 64, 0)).locator(vision)
                .workflows(JsonWorkflowStore.inDirectory(dir)).verifier((w, s) -> VerificationResult.succeeded())
                .build();
        vision.given.save("endpoint|model|PROFILE", "calibration/1 IMAGE_PIXELS 0\nconfirmed");
        assertEquals(Optional.of("calibration/1 IMAGE_PIXELS 0\nconfirmed"),
                store.calibrations().find("endpoint|model|PROFILE"));
    }

    @Test
    void build_withoutStore_visionLocatorIsLeftAsGiven() {
        RecordingVision vision = new RecordingVision();
        Healer.builder().baselines(new InMemoryBaselineStore()).screen(() -> Image.filled(64, 64, 0)).locator(vision)
                .workflows(JsonWorkflowStore.inDirectory(dir)).verifier((w, s) -> VerificationResult.succeeded())
                .build();
        assertNull(vision.given);
    }
}
