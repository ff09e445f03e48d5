package dev.healing.core.hid;

/**
 * Where HID reports go: a Linux USB gadget ({@link HidGadget}), a CH9329 serial chip
 * ({@link Ch9329}), or a host's own transport.
 *
 * <p>Implementations must be safe to call from several threads, must never block longer than
 * their write timeout, and signal a target that does not take the report with an
 * {@link dev.healing.api.InputException} whose message says the device is offline. A later call
 * must try again, so a target that starts reading again is used again.
 */
public interface HidDevice extends AutoCloseable {
    /**
     * Sends one keyboard boot report.
     *
     * @param report 8 bytes: modifier bits, a reserved byte, up to 6 key codes (the boot keyboard report)
     * @throws dev.healing.api.InputException when the device is offline, timed out or has no keyboard
     */
    void sendKeyboard(byte[] report);

    /**
     * Sends one absolute mouse report.
     *
     * @param report 7 bytes: button bits, absolute X and Y (0..32767, little-endian), wheel, pan
     * @throws dev.healing.api.InputException when the device is offline, timed out or has no mouse
     */
    void sendMouse(byte[] report);

    /** Releases the device's files and threads. Never throws; idempotent. */
    @Override
    void close();
}
