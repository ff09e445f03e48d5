package dev.healing.core.hid;

import static dev.healing.core.hid.RecordingDevice.k;
import static dev.healing.core.hid.RecordingDevice.m;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class HidInputInjectorTest {
    private static final Duration PRESS = Duration.ofMillis(7);
    private static final Duration GAP = Duration.ofMillis(11);
    private static final AbsoluteScale SCREEN = new AbsoluteScale(1920, 1080);
    private static final int L = HidReports.BUTTON_LEFT;
    private static final int R = HidReports.BUTTON_RIGHT;
    private static final int SHIFT = HidReports.LEFT_SHIFT;

    private final RecordingDevice device = new RecordingDevice();
    private final List<Duration> pauses = new ArrayList<>();
    private int interruptOnPause = -1;

    private HidInputInjector injector() {
        return HidInputInjector.builder().device(device).screen(SCREEN).pressDuration(PRESS).interval(GAP)
                .dragSteps(2).sleeper(d -> {
                    pauses.add(d);
                    if (pauses.size() == interruptOnPause) {
                        throw new InterruptedException("test interrupt");
                    }
                }).build();
    }

    private static int hx(int x) {
        return SCREEN.toHidX(x);
    }

    private static int hy(int y) {
        return SCREEN.toHidY(y);
    }

    @Test
    void click_left_movePressHoldRelease() {
        injector().click(new Point(100, 200), MouseButton.LEFT);
        assertEquals(List.of(
                m(0, hx(100), hy(200), 0, 0),
                m(L, hx(100), hy(200), 0, 0),
                m(0, hx(100), hy(200), 0, 0)), device.reports());
        assertEquals(List.of(PRESS, GAP), pauses);
    }

    @Test
    void click_right_usesButtonBitTwo() {
        injector().click(new Point(1919, 1079), MouseButton.RIGHT);
        assertEquals(List.of(
                m(0, hx(1919), hy(1079), 0, 0),
                m(R, hx(1919), hy(1079), 0, 0),
                m(0, hx(1919), hy(1079), 0, 0)), device.reports());
    }

    @Test
    void doubleClick_twoPressReleasePairsIntervalApart() {
        injector().doubleClick(new Point(960, 540));
        int x = hx(960);
        int y = hy(540);
        assertEquals(List.of(m(0, x, y, 0, 0), m(L, x, y, 0, 0), m(0, x, y, 0, 0), m(L, x, y, 0, 0),
                m(0, x, y, 0, 0)), device.reports());
        assertEquals(List.of(PRESS, GAP, PRESS, GAP), pauses);
    }

    @Test
    void drag_pressAtFromStepsWithButtonHeldReleaseAtTo() {
        injector().drag(new Point(0, 0), new Point(300, 90), MouseButton.LEFT);
        assertEquals(List.of(
                m(0, hx(0), hy(0), 0, 0),
                m(L, hx(0), hy(0), 0, 0),
                m(L, hx(100), hy(30), 0, 0),
                m(L, hx(200), hy(60), 0, 0),
                m(L, hx(300), hy(90), 0, 0),
                m(0, hx(300), hy(90), 0, 0)), device.reports());
        assertEquals(List.of(PRESS, GAP, GAP, GAP, GAP), pauses);
    }

    @Test
    void scroll_downThree_isWheelMinusThreeAtPointer() {
        HidInputInjector hid = injector();
        hid.move(new Point(10, 20));
        hid.scroll(3);
        hid.scroll(-2);
        hid.scrollHorizontally(4);
        assertEquals(List.of(
                m(0, hx(10), hy(20), 0, 0),
                m(0, hx(10), hy(20), -3, 0),
                m(0, hx(10), hy(20), 2, 0),
                m(0, hx(10), hy(20), 0, 4)), device.reports());
    }

    @Test
    void scroll_300_splitIntoReportsOfAtMost127() {
        HidInputInjector hid = injector();
        hid.move(new Point(10, 20));
        hid.scroll(300);
        assertEquals(List.of(
                m(0, hx(10), hy(20), 0, 0),
                m(0, hx(10), hy(20), -127, 0),
                m(0, hx(10), hy(20), -127, 0),
                m(0, hx(10), hy(20), -46, 0)), device.reports());
    }

    @Test
    void pressMoveRelease_buttonStaysDownWhileMoving() {
        HidInputInjector hid = injector();
        hid.move(new Point(5, 5));
        hid.press(MouseButton.LEFT);
        hid.move(new Point(50, 50));
        hid.release(MouseButton.LEFT);
        assertEquals(List.of(m(0, hx(5), hy(5), 0, 0), m(L, hx(5), hy(5), 0, 0), m(L, hx(50), hy(50), 0, 0),
                m(0, hx(50), hy(50), 0, 0)), device.reports());
        assertTrue(pauses.isEmpty(), "press and release alone do not pause");
    }

    @Test
    void type_shiftedCharacters_pressWithShiftThenReleaseEach() {
        injector().type("aA!\n");
        assertEquals(List.of(
                k(0, 0x04), k(0),
                k(SHIFT, 0x04), k(0),
                k(SHIFT, 0x1E), k(0),
                k(0, 0x28), k(0)), device.reports());
        assertEquals(List.of(PRESS, GAP, PRESS, GAP, PRESS, GAP, PRESS, GAP), pauses);
    }

    @Test
    void type_repeatedLetter_releasedBetweenPresses() {
        injector().type("oo");
        assertEquals(List.of(k(0, 0x12), k(0), k(0, 0x12), k(0)), device.reports());
    }

    @Test
    void type_untypableCharacter_failsBeforeAnythingIsSent() {
        InputException e = assertThrows(InputException.class, () -> injector().type("abcé"));
        assertTrue(e.getMessage().contains("'é'") && e.getMessage().contains("U+00E9")
                && e.getMessage().contains("index 3") && e.getMessage().contains("us"), e.getMessage());
        assertEquals(List.of(), device.reports());
    }

    @Test
    void keys_ctrlShiftT_modifiersFirstReleasedInReverse() {
        injector().keys("ctrl+shift+t");
        int mods = HidReports.LEFT_CTRL | SHIFT;
        assertEquals(List.of(k(mods), k(mods, 0x17), k(mods), k(0)), device.reports());
        assertEquals(List.of(PRESS, GAP), pauses);
    }

    @Test
    void keys_returnAlone_pressAndRelease() {
        injector().keys("Return");
        assertEquals(List.of(k(0, 0x28), k(0)), device.reports());
    }

    @Test
    void keys_unknownName_failsBeforeAnythingIsSent() {
        InputException e = assertThrows(InputException.class, () -> injector().keys("ctrl+Frobnicate"));
        assertTrue(e.getMessage().contains("Frobnicate"), e.getMessage());
        assertEquals(List.of(), device.reports());
    }

    @Test
    void move_offScreen_failsBeforeAnythingIsSent() {
        InputException e = assertThrows(InputException.class, () -> injector().click(new Point(1920, 5),
                MouseButton.LEFT));
        assertTrue(e.getMessage().contains("(1920, 5)") && e.getMessage().contains("1920x1080"), e.getMessage());
        assertThrows(InputException.class, () -> injector().drag(new Point(1, 1), new Point(5, 2000),
                MouseButton.LEFT));
        assertEquals(List.of(), device.reports());
    }

    @Test
    void press_beforeAnyMove_failsNamingTheReason() {
        InputException e = assertThrows(InputException.class, () -> injector().press(MouseButton.LEFT));
        assertTrue(e.getMessage().contains("move the pointer first"), e.getMessage());
        assertEquals(List.of(), device.reports());
    }

    @Test
    void pointerCall_withoutScreen_saysHowToFix() {
        HidInputInjector typist = HidInputInjector.builder().device(device).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> typist.move(new Point(1, 1)));
        assertTrue(e.getMessage().contains("screen(width, height)"), e.getMessage());
    }

    @Test
    void interruptedWhileButtonDown_releasesAtOnceAndKeepsInterruptFlag() {
        interruptOnPause = 1; // the hold after the press
        HidInputInjector hid = injector();
        InputException e = assertThrows(InputException.class, () -> hid.click(new Point(10, 10), MouseButton.LEFT));
        assertTrue(Thread.interrupted(), "interrupt flag restored");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertEquals(List.of(m(0, hx(10), hy(10), 0, 0), m(L, hx(10), hy(10), 0, 0), m(0, hx(10), hy(10), 0, 0)),
                device.reports());
    }

    @Test
    void keyboardOfflineMidType_errorAtOnce_releaseSentFirstWhenBack() {
        device.failKeyboardAfter = 3; // 'a' down, up, 'b' down ... then 'b' up fails
        HidInputInjector hid = injector();
        InputException e = assertThrows(InputException.class, () -> hid.type("abc"));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        assertEquals(List.of(k(0, 0x04), k(0), k(0, 0x05)), device.reports());

        device.failKeyboardAfter = Integer.MAX_VALUE;
        hid.type("c");
        assertEquals(List.of(k(0, 0x04), k(0), k(0, 0x05), k(0), k(0, 0x06), k(0)), device.reports());
    }

    @Test
    void mouseOfflineWithButtonDown_releasesFirstWhenBack() {
        HidInputInjector hid = injector();
        hid.move(new Point(1, 2));
        hid.press(MouseButton.RIGHT);
        device.offline = true;
        assertThrows(InputException.class, () -> hid.move(new Point(3, 4)));
        device.offline = false;
        hid.move(new Point(5, 6));
        assertEquals(List.of(m(0, hx(1), hy(2), 0, 0), m(R, hx(1), hy(2), 0, 0),
                m(0, hx(1), hy(2), 0, 0), m(0, hx(5), hy(6), 0, 0)), device.reports());
    }

    @Test
    void keyboardFailedMidChord_nextCallReleasesKeysBeforeItsOwnFailure() {
        HidInputInjector hid = injector();
        hid.move(new Point(1, 1));
        device.failMouseAfter = 1;
        device.failKeyboardAfter = 1; // Shift goes down, Shift+A fails: Shift may be held
        assertThrows(InputException.class, () -> hid.keys("shift+a"));
        device.failKeyboardAfter = Integer.MAX_VALUE;
        assertThrows(InputException.class, () -> hid.move(new Point(2, 2)));
        // The keyboard took the pending release before the mouse failed.
        assertEquals(List.of(m(0, hx(1), hy(1), 0, 0), k(SHIFT), k(0)), device.reports());
    }

    @Test
    void close_releasesHeldButtonAndClosesDevice() {
        HidInputInjector hid = injector();
        hid.move(new Point(7, 8));
        hid.press(MouseButton.LEFT);
        hid.close();
        assertEquals(m(0, hx(7), hy(8), 0, 0), device.reports().get(device.reports().size() - 1));
        assertTrue(device.closed);
        InputException e = assertThrows(InputException.class, () -> hid.move(new Point(1, 1)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void close_withNothingHeld_sendsNothing() {
        HidInputInjector hid = injector();
        hid.click(new Point(1, 1), MouseButton.LEFT);
        int before = device.reports().size();
        hid.close();
        hid.close();
        assertEquals(before, device.reports().size());
        assertTrue(device.closed);
    }

    @Test
    void builder_badSettings_rejectedWithValue() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> HidInputInjector.builder().build());
        assertTrue(missing.getMessage().contains("device("), missing.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HidInputInjector.builder().pressDuration(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("-0.001"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HidInputInjector.builder().interval(Duration.ofSeconds(11)));
        assertThrows(IllegalArgumentException.class, () -> HidInputInjector.builder().dragSteps(-1));
        assertFalse(HidInputInjector.DEFAULT_PRESS_DURATION.isZero());
    }
}
