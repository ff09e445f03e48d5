package dev.healing.api;

/**
 * Takes screenshots of the target screen.
 *
 * <p>Implementations must be safe to call from several threads and must not block forever:
 * a dead transport ends in a {@link CaptureException} within the implementation's timeout.
 */
public interface ScreenCapture {
    /**
     * @return a frame that reflects the screen after this call began
     * @throws CaptureException if the screen cannot be read
     */
    Image capture();

    /**
     * Captures only {@code region}. The default crops a full capture.
     *
     * @throws CaptureException if the screen cannot be read
     * @throws IllegalArgumentException if {@code region} is not inside the screen
     */
    default Image capture(Rect region) {
        return capture().crop(region);
    }
}
