package dev.healing.core.hid;

import dev.healing.api.Sleeper;
import dev.healing.api.InputException;
import dev.healing.api.InputInjector;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link InputInjector} for KVM-style runners: input as a USB keyboard and absolute
 * mouse, through a {@link HidDevice} (a Linux gadget, a CH9329 chip, or a host's own transport).
 *
 * <p>Coordinates are screen pixels of the target, mapped exactly to the pixel by {@link AbsoluteScale}.
 * Text is typed through the target's {@link KeyboardLayout}; a character the layout cannot type
 * fails with an {@link InputException} before any report is sent. Clicks hold each button for
 * {@code pressDuration} and pause {@code interval} after each release, so targets see real clicks.
 *
 * <p>Thread-safe: each call runs under this object's lock, so events of concurrent callers never
 * interleave within one click or one string. On any failure every key and button this injector
 * may hold is released: at once on channels that still work, and, on a channel that just went
 * offline, first thing on the next call (the target could not take it before). {@link #close()}
 * releases everything and closes the device.
 */
public final class HidInputInjector implements InputInjector, AutoCloseable {
    /** Default time a key or button stays down: 30 ms. */
    public static final Duration DEFAULT_PRESS_DURATION = Duration.ofMillis(30);
    /** Default pause after each release and between drag steps: 30 ms. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(30);
    /** Default number of intermediate pointer positions in a drag: 8. */
    public static final int DEFAULT_DRAG_STEPS = 8;

    private static final Logger log = LoggerFactory.getLogger(HidInputInjector.class);
    private static final byte[] KEYS_RELEASED = HidReports.keyboardReleased();

    private final HidDevice device;
    private final AbsoluteScale screen;
    private final KeyboardLayout layout;
    private final Duration pressDuration;
    private final Duration interval;
    private final int dragSteps;
    private final Sleeper sleeper;

    // Guarded by this.
    private int hidX = -1;
    private int hidY = -1;
    private int buttons;
    private boolean keysMaybeHeld;
    private boolean buttonsMaybeHeld;
    private boolean keyboardReleasePending;
    private boolean mouseReleasePending;
    private boolean closed;
    private Channel failedChannel = Channel.NONE;

    private enum Channel { NONE, KEYBOARD, MOUSE }

    private HidInputInjector(Builder b) {
        this.device = b.device;
        this.screen = b.screen;
        this.layout = b.layout;
        this.pressDuration = b.pressDuration;
        this.interval = b.interval;
        this.dragSteps = b.dragSteps;
        this.sleeper = b.sleeper;
    }

    /** @return a builder; {@code device} is required, {@code screen} for any pointer call */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the screen this injector maps pixels on, or null when it only types */
    public AbsoluteScale screen() {
        return screen;
    }

    /** @return the layout text is typed with */
    public KeyboardLayout layout() {
        return layout;
    }

    /**
     * Moves the pointer to {@code point}, keeping the buttons as they are.
     *
     * @throws InputException when {@code point} is off the screen (nothing is sent) or the device fails
     */
    @Override
    public synchronized void move(Point point) {
        run(() -> moveTo(point));
    }

    /** Presses {@code button} where the pointer is; the pointer must have been moved at least once. */
    @Override
    public synchronized void press(MouseButton button) {
        run(() -> setButtons(buttons | bit(button)));
    }

    /** Releases {@code button} where the pointer is. */
    @Override
    public synchronized void release(MouseButton button) {
        run(() -> setButtons(buttons & ~bit(button)));
    }

    /**
     * Turns the wheel where the pointer is, in reports of at most 127 notches.
     *
     * @param notches positive scrolls down (towards the user), negative up
     */
    @Override
    public synchronized void scroll(int notches) {
        run(() -> wheel(-notches, 0));
    }

    /**
     * Turns the horizontal wheel (AC Pan) where the pointer is.
     *
     * @param notches positive scrolls right, negative left
     */
    public synchronized void scrollHorizontally(int notches) {
        run(() -> wheel(0, notches));
    }

    /**
     * Types {@code text} key by key through the layout: each character pressed (with Shift or other
     * modifiers as the layout says) for {@code pressDuration}, released, then {@code interval}.
     *
     * @throws InputException naming the first character the layout cannot type, before anything is sent
     */
    @Override
    public synchronized void type(String text) {
        Objects.requireNonNull(text, "text");
        List<KeyStroke> strokes = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int index = i;
            strokes.add(layout.stroke(cp).orElseThrow(() -> new InputException(String.format(
                    "keyboard layout %s cannot type %s (U+%04X) at index %d of the text; nothing was sent",
                    layout.name(), describe(cp), cp, index))));
            i += Character.charCount(cp);
        }
        run(() -> {
            for (KeyStroke s : strokes) {
                sendKeys(HidReports.keyboard(s.modifiers(), s.usage()));
                pause(pressDuration);
                sendKeys(KEYS_RELEASED);
                pause(interval);
            }
        });
    }

    /**
     * Presses a combination in xdotool syntax ({@code "ctrl+shift+t"}, {@code "Return"}): modifiers
     * first, then the keys, held for {@code pressDuration}, then released in reverse order.
     *
     * @throws InputException naming an unknown key name, before anything is sent
     */
    @Override
    public synchronized void keys(String combination) {
        KeyChord chord = KeyChord.parse(combination, layout);
        int[] keys = chord.keys().stream().mapToInt(Integer::intValue).toArray();
        run(() -> {
            if (chord.modifiers() != 0 && keys.length > 0) {
                sendKeys(HidReports.keyboard(chord.modifiers()));
            }
            sendKeys(HidReports.keyboard(chord.modifiers(), keys));
            pause(pressDuration);
            if (chord.modifiers() != 0 && keys.length > 0) {
                sendKeys(HidReports.keyboard(chord.modifiers()));
            }
            sendKeys(KEYS_RELEASED);
            pause(interval);
        });
    }

    /** Moves to {@code point}, holds {@code button} for {@code pressDuration}, releases, pauses {@code interval}. */
    @Override
    public synchronized void click(Point point, MouseButton button) {
        run(() -> {
            moveTo(point);
            clickHere(bit(button));
        });
    }

    /** Moves to {@code point} and clicks the left button twice, {@code interval} apart. */
    @Override
    public synchronized void doubleClick(Point point) {
        run(() -> {
            moveTo(point);
            clickHere(HidReports.BUTTON_LEFT);
            clickHere(HidReports.BUTTON_LEFT);
        });
    }

    /**
     * Presses {@code button} at {@code from}, moves to {@code to} in {@code dragSteps} even steps
     * {@code interval} apart (targets ignore a drag that jumps), and releases it there.
     */
    @Override
    public synchronized void drag(Point from, Point to, MouseButton button) {
        checkOnScreen(to);
        run(() -> {
            moveTo(from);
            setButtons(buttons | bit(button));
            pause(pressDuration);
            for (int i = 1; i <= dragSteps; i++) {
                int x = from.x() + (int) Math.round((to.x() - from.x()) * (double) i / (dragSteps + 1));
                int y = from.y() + (int) Math.round((to.y() - from.y()) * (double) i / (dragSteps + 1));
                moveTo(new Point(x, y));
                pause(interval);
            }
            moveTo(to);
            pause(interval);
            setButtons(buttons & ~bit(button));
            pause(interval);
        });
    }

    /** Releases every key and button (where the device takes it), then closes the device. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            releaseAll(null);
        } finally {
            device.close();
        }
    }

    // ---- internals, all called with the lock held ----

    private interface Action {
        void run() throws InterruptedException;
    }

    private void run(Action action) {
        if (closed) {
            throw new InputException("HID input injector is closed");
        }
        try {
            sendPendingReleases();
            action.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InputException ie = new InputException("interrupted while sending HID input", e);
            releaseAll(ie);
            throw ie;
        } catch (RuntimeException e) {
            releaseAll(e);
            throw e;
        } finally {
            failedChannel = Channel.NONE;
        }
    }

    private void clickHere(int bit) throws InterruptedException {
        setButtons(buttons | bit);
        pause(pressDuration);
        setButtons(buttons & ~bit);
        pause(interval);
    }

    private void moveTo(Point point) {
        checkOnScreen(point);
        int x = screen.toHidX(point.x());
        int y = screen.toHidY(point.y());
        sendMouse(HidReports.mouse(buttons, x, y, 0, 0));
        hidX = x;
        hidY = y;
    }

    private void setButtons(int newButtons) {
        requirePosition();
        buttons = newButtons;
        if (newButtons != 0) {
            buttonsMaybeHeld = true;
        }
        sendMouse(HidReports.mouse(newButtons, hidX, hidY, 0, 0));
        if (newButtons == 0) {
            buttonsMaybeHeld = false;
        }
    }

    private void wheel(int vertical, int horizontal) {
        requirePosition();
        int v = vertical;
        int h = horizontal;
        while (v != 0 || h != 0) {
            int sv = Math.max(-HidReports.MAX_WHEEL, Math.min(HidReports.MAX_WHEEL, v));
            int sh = Math.max(-HidReports.MAX_WHEEL, Math.min(HidReports.MAX_WHEEL, h));
            sendMouse(HidReports.mouse(buttons, hidX, hidY, sv, sh));
            v -= sv;
            h -= sh;
        }
    }

    private void checkOnScreen(Point point) {
        Objects.requireNonNull(point, "point");
        if (screen == null) {
            throw new IllegalStateException("no screen size set: build the HID injector with screen(width, height)");
        }
        if (!screen.contains(point.x(), point.y())) {
            throw new InputException("point " + point + " is off the " + screen + " screen; nothing was sent");
        }
    }

    private void requirePosition() {
        if (hidX < 0) {
            throw new InputException("an absolute HID mouse has no current position: move the pointer first");
        }
    }

    private static int bit(MouseButton button) {
        switch (Objects.requireNonNull(button, "button")) {
            case LEFT:
                return HidReports.BUTTON_LEFT;
            case RIGHT:
                return HidReports.BUTTON_RIGHT;
            case MIDDLE:
                return HidReports.BUTTON_MIDDLE;
            default:
                throw new IllegalArgumentException("unknown button: " + button);
        }
    }

    private void sendKeys(byte[] report) {
        boolean release = isZero(report);
        if (!release) {
            keysMaybeHeld = true;
        }
        try {
            device.sendKeyboard(report);
        } catch (RuntimeException e) {
            failedChannel = Channel.KEYBOARD;
            throw e;
        }
        if (release) {
            keysMaybeHeld = false;
        }
    }

    private void sendMouse(byte[] report) {
        try {
            device.sendMouse(report);
        } catch (RuntimeException e) {
            failedChannel = Channel.MOUSE;
            throw e;
        }
    }

    private void sendPendingReleases() {
        if (keyboardReleasePending) {
            sendKeys(KEYS_RELEASED);
            keyboardReleasePending = false;
            log.info("released keys left held after an earlier failure");
        }
        if (mouseReleasePending && hidX >= 0) {
            buttons = 0;
            sendMouse(HidReports.mouse(0, hidX, hidY, 0, 0));
            buttonsMaybeHeld = false;
            mouseReleasePending = false;
            log.info("released buttons left held after an earlier failure");
        }
    }

    /**
     * Best effort: releases keys and buttons on every channel that may hold them, except the one
     * that just failed (it is marked pending instead). Secondary failures are added to
     * {@code failure} as suppressed, or logged when there is none (close).
     */
    private void releaseAll(RuntimeException failure) {
        if (keysMaybeHeld && failedChannel != Channel.KEYBOARD) {
            try {
                device.sendKeyboard(KEYS_RELEASED);
                keysMaybeHeld = false;
                keyboardReleasePending = false;
            } catch (RuntimeException e) {
                keyboardReleasePending = true;
                note(failure, e);
            }
        } else if (keysMaybeHeld) {
            keyboardReleasePending = true;
        }
        if (buttonsMaybeHeld && hidX >= 0 && failedChannel != Channel.MOUSE) {
            try {
                device.sendMouse(HidReports.mouse(0, hidX, hidY, 0, 0));
                buttons = 0;
                buttonsMaybeHeld = false;
                mouseReleasePending = false;
            } catch (RuntimeException e) {
                mouseReleasePending = true;
                note(failure, e);
            }
        } else if (buttonsMaybeHeld) {
            buttons = 0;
            mouseReleasePending = true;
        }
    }

    private static void note(RuntimeException failure, RuntimeException e) {
        if (failure != null) {
            failure.addSuppressed(e);
        } else {
            log.warn("could not release held HID keys or buttons: {}", e.getMessage());
        }
    }

    private void pause(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            sleeper.sleep(d);
        }
    }

    private static boolean isZero(byte[] report) {
        for (byte b : report) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String describe(int cp) {
        if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
            return "a control character";
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    /** Configures a {@link HidInputInjector}. Not thread-safe. */
    public static final class Builder {
        private HidDevice device;
        private AbsoluteScale screen;
        private KeyboardLayout layout = KeyboardLayout.us();
        private Duration pressDuration = DEFAULT_PRESS_DURATION;
        private Duration interval = DEFAULT_INTERVAL;
        private int dragSteps = DEFAULT_DRAG_STEPS;
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /** @param device where reports go; closed by {@link HidInputInjector#close()} */
        public Builder device(HidDevice device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * @param width  target screen width in pixels, 1..16384
         * @param height target screen height in pixels, 1..16384
         */
        public Builder screen(int width, int height) {
            this.screen = new AbsoluteScale(width, height);
            return this;
        }

        /** @param screen target screen size in pixels */
        public Builder screen(AbsoluteScale screen) {
            this.screen = Objects.requireNonNull(screen, "screen");
            return this;
        }

        /** @param layout the target's keyboard layout; default {@link KeyboardLayout#us()} */
        public Builder layout(KeyboardLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** @param d how long a key or button stays down, 0..10 s; default {@link #DEFAULT_PRESS_DURATION} */
        public Builder pressDuration(Duration d) {
            this.pressDuration = checkTiming("press duration", d);
            return this;
        }

        /** @param d pause after each release and between drag steps, 0..10 s; default {@link #DEFAULT_INTERVAL} */
        public Builder interval(Duration d) {
            this.interval = checkTiming("interval", d);
            return this;
        }

        /** @param steps intermediate pointer positions in a drag, 0..1000; default {@value #DEFAULT_DRAG_STEPS} */
        public Builder dragSteps(int steps) {
            if (steps < 0 || steps > 1000) {
                throw new IllegalArgumentException("drag steps must be 0..1000: " + steps);
            }
            this.dragSteps = steps;
            return this;
        }

        /** @param sleeper how pauses are waited; default {@link Sleeper#SYSTEM}; tests use a recording one */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @throws IllegalStateException when no device is set */
        public HidInputInjector build() {
            if (device == null) {
                throw new IllegalStateException("a HID input injector needs a device: call device(HidGadget.open(...))"
                        + " or device(Ch9329.open(...))");
            }
            return new HidInputInjector(this);
        }

        private static Duration checkTiming(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException(name + " must be 0..10 s: " + d);
            }
            return d;
        }
    }
}
