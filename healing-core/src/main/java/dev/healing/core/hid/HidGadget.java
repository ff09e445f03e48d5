package dev.healing.core.hid;

import dev.healing.api.InputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux USB HID gadget (configfs {@code f_hid}, as on PiKVM and TinyPilot): keyboard reports to
 * one device file (usually {@code /dev/hidg0}), absolute mouse reports to another ({@code /dev/hidg1}),
 * with descriptors as {@code examples/scripts/hid-gadget-setup.sh} creates them.
 *
 * <p>Files are opened non-blocking and written after {@code poll(2)} says there is room, through
 * JNA; where JNA is not available a writer thread does blocking writes and the caller waits at most
 * the timeout. Either way a target that stops reading (cable pulled, host asleep) gives an
 * {@link InputException} "offline" within the write timeout, and the next call tries again.
 * Files are opened at the first write and reopened after a failure, so building never touches
 * them. Thread-safe: concurrent writes to one file are serialized, each waiting at most twice the timeout.
 */
public final class HidGadget implements HidDevice {
    /** Default write timeout: 1 s, long enough for a busy USB host, short enough for a runner. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(HidGadget.class);

    private final Path keyboardPath;
    private final Path mousePath;
    private final ReportWriter keyboard;
    private final ReportWriter mouse;

    private HidGadget(Builder b) {
        this.keyboardPath = b.keyboard;
        this.mousePath = b.mouse;
        long nanos = b.writeTimeout.toNanos();
        this.keyboard = b.keyboard == null ? null : ReportWriters.open(b.keyboard, nanos, b.nativePolling);
        this.mouse = b.mouse == null ? null : ReportWriters.open(b.mouse, nanos, b.nativePolling);
        log.debug("HID gadget keyboard={} mouse={} timeout={} writer={}", keyboardPath, mousePath, b.writeTimeout,
                (keyboard != null ? keyboard : mouse).mechanism());
    }

    /** @return a builder; set at least one of keyboard and mouse */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a gadget on both device files with the default write timeout */
    public static HidGadget open(Path keyboard, Path mouse) {
        return builder().keyboard(keyboard).mouse(mouse).build();
    }

    /** @return "poll" when writes use non-blocking files and poll(2) through JNA, "thread" for the fallback */
    public String writeMechanism() {
        return (keyboard != null ? keyboard : mouse).mechanism();
    }

    @Override
    public void sendKeyboard(byte[] report) {
        check(report, HidReports.KEYBOARD_REPORT_LENGTH, "keyboard");
        if (keyboard == null) {
            throw new InputException("this HID gadget has no keyboard device file (mouse only: " + mousePath + ")");
        }
        keyboard.write(report);
    }

    @Override
    public void sendMouse(byte[] report) {
        check(report, HidReports.MOUSE_REPORT_LENGTH, "mouse");
        if (mouse == null) {
            throw new InputException("this HID gadget has no mouse device file (keyboard only: " + keyboardPath + ")");
        }
        mouse.write(report);
    }

    private static void check(byte[] report, int length, String kind) {
        Objects.requireNonNull(report, "report");
        if (report.length != length) {
            throw new IllegalArgumentException(kind + " report must be " + length + " bytes: " + report.length);
        }
    }

    @Override
    public void close() {
        if (keyboard != null) {
            keyboard.close();
        }
        if (mouse != null) {
            mouse.close();
        }
    }

    @Override
    public String toString() {
        return "HidGadget[keyboard=" + keyboardPath + ", mouse=" + mousePath + "]";
    }

    /** Configures a {@link HidGadget}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private Path keyboard;
        private Path mouse;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private boolean nativePolling = true;

        private Builder() {
        }

        /** @param path the keyboard function's device file, e.g. {@code /dev/hidg0} */
        public Builder keyboard(Path path) {
            this.keyboard = Objects.requireNonNull(path, "keyboard path");
            return this;
        }

        /** @param path the absolute mouse function's device file, e.g. {@code /dev/hidg1} */
        public Builder mouse(Path path) {
            this.mouse = Objects.requireNonNull(path, "mouse path");
            return this;
        }

        /**
         * @param timeout longest wait for the target to take one report, 1 ms..1 min;
         *                default {@link #DEFAULT_WRITE_TIMEOUT}
         */
        public Builder writeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("write timeout must be 1 ms..1 min: " + timeout);
            }
            this.writeTimeout = timeout;
            return this;
        }

        /**
         * @param enabled true (default) to use non-blocking files and poll(2) through JNA when JNA
         *                works here; false always uses the writer thread
         */
        public Builder nativePolling(boolean enabled) {
            this.nativePolling = enabled;
            return this;
        }

        /**
         * @throws IllegalStateException when neither a keyboard nor a mouse file is set
         */
        public HidGadget build() {
            if (keyboard == null && mouse == null) {
                throw new IllegalStateException("a HID gadget needs a keyboard or a mouse device file: "
                        + "call keyboard(Path.of(\"/dev/hidg0\")) and/or mouse(Path.of(\"/dev/hidg1\"))");
            }
            return new HidGadget(this);
        }
    }
}
