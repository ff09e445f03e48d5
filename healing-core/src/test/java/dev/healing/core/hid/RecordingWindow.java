package dev.healing.core.hid;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Toolkit;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The end-to-end tests' target application, run in its own JVM on an Xvfb display: a window
 * covering the whole screen that prints each mouse and key event it receives, one per line:
 * {@code READY}, {@code PRESS button x y clicks}, {@code RELEASE button x y}, {@code WHEEL n},
 * {@code TYPED codepoint}.
 *
 * <p>It also paints what it received, so a screen capture shows it: on a white background, a
 * {@link #MARKER_SIZE}-pixel square of {@link #MARKER_RING} around the pixel of the latest button
 * press, that pixel itself in {@link #MARKER_CENTER}; and each typed character as a
 * {@link #CELL}-pixel square cell in row {@link #TEXT_Y} from {@link #TEXT_X} rightwards, its
 * colour {@code TEXT_BASE | codepoint}. The stdin line {@code clear} removes marker and text
 * (answer {@code CLEARED}); stdin closing ends the process.
 */
public final class RecordingWindow {
    /** Background colour, 0xRRGGBB. */
    static final int BACKGROUND = 0xFFFFFF;
    /** Colour of the marker square around the latest press, 0xRRGGBB. */
    static final int MARKER_RING = 0xFF00FF;
    /** Colour of the pressed pixel itself, 0xRRGGBB; used nowhere else. */
    static final int MARKER_CENTER = 0x00C8FF;
    /** Side of the marker square in pixels (odd: the pressed pixel is its centre). */
    static final int MARKER_SIZE = 9;
    /** Left edge of the typed-text row, pixels. */
    static final int TEXT_X = 20;
    /** Top edge of the typed-text row, pixels. */
    static final int TEXT_Y = 700;
    /** Side of one character cell, pixels. */
    static final int CELL = 8;
    /** A typed character's cell colour is {@code TEXT_BASE | codepoint} (codepoints below 0x10000). */
    static final int TEXT_BASE = 0x400000;

    // Painting state; touched only on the event dispatch thread.
    private static int markX = -1;
    private static int markY = -1;
    private static final StringBuilder text = new StringBuilder();

    private RecordingWindow() {
    }

    /** @param args screen width and height in pixels */
    public static void main(String[] args) throws Exception {
        int width = Integer.parseInt(args[0]);
        int height = Integer.parseInt(args[1]);
        EventQueue.invokeAndWait(() -> {
            Frame frame = new Frame("hid-e2e") {
                private static final long serialVersionUID = 1L;

                @Override
                public void paint(Graphics g) {
                    paintReceived(g, width, height);
                }

                @Override
                public void update(Graphics g) {
                    paint(g);
                }
            };
            frame.setUndecorated(true);
            frame.setBackground(Color.WHITE);
            frame.setBounds(0, 0, width, height);
            MouseAdapter mouse = new MouseAdapter() {
                @Override
                public void mousePressed(MouseEvent e) {
                    frame.requestFocus();
                    markX = e.getX();
                    markY = e.getY();
                    frame.repaint();
                    emit("PRESS " + e.getButton() + " " + e.getXOnScreen() + " " + e.getYOnScreen() + " "
                            + e.getClickCount());
                }

                @Override
                public void mouseReleased(MouseEvent e) {
                    emit("RELEASE " + e.getButton() + " " + e.getXOnScreen() + " " + e.getYOnScreen());
                }

                @Override
                public void mouseMoved(MouseEvent e) {
                    emit("MOVE " + e.getXOnScreen() + " " + e.getYOnScreen());
                }

                @Override
                public void mouseDragged(MouseEvent e) {
                    emit("DRAG " + e.getXOnScreen() + " " + e.getYOnScreen());
                }

                @Override
                public void mouseWheelMoved(MouseWheelEvent e) {
                    emit("WHEEL " + e.getWheelRotation());
                }
            };
            frame.addMouseListener(mouse);
            frame.addMouseMotionListener(mouse);
            frame.addMouseWheelListener(mouse);
            frame.addKeyListener(new KeyAdapter() {
                @Override
                public void keyTyped(KeyEvent e) {
                    text.append(e.getKeyChar());
                    frame.repaint();
                    emit("TYPED " + (int) e.getKeyChar());
                }
            });
            frame.addWindowFocusListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowGainedFocus(java.awt.event.WindowEvent e) {
                    emit("FOCUS");
                }
            });
            frame.setVisible(true);
            frame.toFront();
            frame.requestFocus();
        });
        EventQueue.invokeAndWait(() -> emit("READY"));
        // Live until the test closes our stdin.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("clear")) {
                EventQueue.invokeAndWait(() -> {
                    markX = -1;
                    markY = -1;
                    text.setLength(0);
                    for (Frame f : Frame.getFrames()) {
                        f.repaint();
                    }
                    emit("CLEARED");
                });
            }
        }
        System.exit(0);
    }

    private static void paintReceived(Graphics g, int width, int height) {
        g.setColor(new Color(BACKGROUND));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < text.length(); i++) {
            g.setColor(new Color(TEXT_BASE | text.charAt(i)));
            g.fillRect(TEXT_X + i * CELL, TEXT_Y, CELL, CELL);
        }
        if (markX >= 0) {
            int half = MARKER_SIZE / 2;
            g.setColor(new Color(MARKER_RING));
            g.fillRect(markX - half, markY - half, MARKER_SIZE, MARKER_SIZE);
            g.setColor(new Color(MARKER_CENTER));
            g.fillRect(markX, markY, 1, 1);
        }
        Toolkit.getDefaultToolkit().sync();
    }

    private static synchronized void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
