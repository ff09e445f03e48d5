package dev.healing.examples.robot;

import dev.healing.api.CaptureException;
import dev.healing.api.Image;
import dev.healing.api.InputException;
import dev.healing.api.InputInjector;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.ScreenCapture;
import java.awt.AWTException;
import java.awt.GraphicsEnvironment;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * An example of a host-written adapter: the local desktop through {@link java.awt.Robot}, as a
 * {@link ScreenCapture} and an {@link InputInjector}. Shows how little an SPI needs; pass it to
 * {@code Healer.builder().screen(desktop)} like any other.
 *
 * <p>Thread-safe (synchronized). Needs a display; {@link #open()} says so when there is none.
 */
public final class RobotDesktop implements ScreenCapture, InputInjector {
    private final Robot robot;
    private final int width;
    private final int height;

    private RobotDesktop(Robot robot, int width, int height) {
        this.robot = robot;
        this.width = width;
        this.height = height;
    }

    /**
     * @return an adapter for the primary screen
     * @throws CaptureException when there is no display (headless) or the platform refuses a Robot
     */
    public static RobotDesktop open() {
        if (GraphicsEnvironment.isHeadless()) {
            throw new CaptureException("no display: java.awt.Robot needs one (set DISPLAY, or run under Xvfb)");
        }
        try {
            Robot robot = new Robot();
            robot.setAutoDelay(10);
            java.awt.Dimension size = Toolkit.getDefaultToolkit().getScreenSize();
            return new RobotDesktop(robot, size.width, size.height);
        } catch (AWTException | SecurityException e) {
            throw new CaptureException("cannot drive the local desktop: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Image capture() {
        return Image.fromBufferedImage(robot.createScreenCapture(new java.awt.Rectangle(0, 0, width, height)));
    }

    @Override
    public synchronized Image capture(Rect region) {
        if (region.right() > width || region.bottom() > height) {
            throw new IllegalArgumentException(region + " is outside the " + width + "x" + height + " screen");
        }
        return Image.fromBufferedImage(robot.createScreenCapture(
                new java.awt.Rectangle(region.x(), region.y(), region.width(), region.height())));
    }

    @Override
    public synchronized void move(Point point) {
        robot.mouseMove(point.x(), point.y());
    }

    @Override
    public synchronized void press(MouseButton button) {
        robot.mousePress(mask(button));
    }

    @Override
    public synchronized void release(MouseButton button) {
        robot.mouseRelease(mask(button));
    }

    @Override
    public synchronized void scroll(int notches) {
        robot.mouseWheel(notches);
    }

    @Override
    public synchronized void type(String text) {
        List<int[]> strokes = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int code = KeyEvent.getExtendedKeyCodeForChar(c);
            if (code == KeyEvent.VK_UNDEFINED) {
                throw new InputException("cannot type " + describe(c) + " with java.awt.Robot; nothing was typed");
            }
            boolean shift = Character.isUpperCase(c) || "~!@#$%^&*()_+{}|:\"<>?".indexOf(c) >= 0;
            strokes.add(new int[] {code, shift ? 1 : 0});
        }
        for (int[] s : strokes) {
            if (s[1] == 1) {
                robot.keyPress(KeyEvent.VK_SHIFT);
            }
            try {
                robot.keyPress(s[0]);
                robot.keyRelease(s[0]);
            } finally {
                if (s[1] == 1) {
                    robot.keyRelease(KeyEvent.VK_SHIFT);
                }
            }
        }
    }

    @Override
    public synchronized void keys(String combination) {
        int[] codes = KeyNames.parse(combination);
        int pressed = 0;
        try {
            for (int code : codes) {
                robot.keyPress(code);
                pressed++;
            }
        } finally {
            for (int i = pressed - 1; i >= 0; i--) {
                robot.keyRelease(codes[i]);
            }
        }
    }

    private static int mask(MouseButton button) {
        return switch (button) {
            case LEFT -> InputEvent.BUTTON1_DOWN_MASK;
            case MIDDLE -> InputEvent.BUTTON2_DOWN_MASK;
            case RIGHT -> InputEvent.BUTTON3_DOWN_MASK;
        };
    }

    private static String describe(char c) {
        return String.format("'%s' (U+%04X)", c, (int) c);
    }
}
