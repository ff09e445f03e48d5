package dev.healing.core.hid;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Frame;
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
 * {@code TYPED codepoint}. Exits when stdin closes.
 */
public final class RecordingWindow {
    private RecordingWindow() {
    }

    /** @param args screen width and height in pixels */
    public static void main(String[] args) throws Exception {
        int width = Integer.parseInt(args[0]);
        int height = Integer.parseInt(args[1]);
        EventQueue.invokeAndWait(() -> {
            Frame frame = new Frame("hid-e2e");
            frame.setUndecorated(true);
            frame.setBackground(Color.WHITE);
            frame.setBounds(0, 0, width, height);
            MouseAdapter mouse = new MouseAdapter() {
                @Override
                public void mousePressed(MouseEvent e) {
                    frame.requestFocus();
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
        while (in.readLine() != null) {
            // nothing to do
        }
        System.exit(0);
    }

    private static synchronized void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
