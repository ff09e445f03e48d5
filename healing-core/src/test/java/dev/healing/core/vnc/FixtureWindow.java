package dev.healing.core.vnc;

import java.awt.Color;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Panel;
import java.awt.Toolkit;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Test helper run in its own JVM on the test's X display: an undecorated window covering the
 * screen that paints {@link Fixture} and reports its events on stdout, one per line:
 * {@code READY}, {@code PRESS x y button}, {@code RELEASE x y button}, {@code CLICK x y button count},
 * {@code WHEEL rotation}, {@code TYPED codepoint}, {@code KEY keycode modifiersEx},
 * {@code PAINTED x y} (after a marker square was painted in response to a middle click).
 * The line {@code reset} on stdin removes the marker (answer {@code RESET}); stdin closing ends the process.
 */
public final class FixtureWindow {
    private FixtureWindow() {
    }

    public static void main(String[] args) throws Exception {
        int w = Integer.parseInt(args[0]);
        int h = Integer.parseInt(args[1]);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(Fixture.pixels(w, h), 0, data, 0, w * h);
        Frame frame = new Frame("fixture");
        frame.setUndecorated(true);
        int[] marker = {-1, -1};
        Panel panel = new Panel() {
            private static final long serialVersionUID = 1L;

            @Override
            public void update(Graphics g) {
                paint(g);
            }

            @Override
            public void paint(Graphics g) {
                g.drawImage(image, 0, 0, null);
                if (marker[0] >= 0) {
                    g.setColor(new Color(0xFF00FF));
                    g.fillRect(marker[0], marker[1], 20, 20);
                }
                Toolkit.getDefaultToolkit().sync();
            }
        };
        MouseAdapter mouse = new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                say("PRESS " + e.getX() + " " + e.getY() + " " + e.getButton());
                if (e.getButton() == MouseEvent.BUTTON2) {
                    marker[0] = e.getX();
                    marker[1] = e.getY();
                    Graphics g = panel.getGraphics();
                    panel.paint(g);
                    g.dispose();
                    say("PAINTED " + e.getX() + " " + e.getY());
                }
            }

            @Override
            public void mouseReleased(MouseEvent e) {
                say("RELEASE " + e.getX() + " " + e.getY() + " " + e.getButton());
            }

            @Override
            public void mouseClicked(MouseEvent e) {
                say("CLICK " + e.getX() + " " + e.getY() + " " + e.getButton() + " " + e.getClickCount());
            }

            @Override
            public void mouseWheelMoved(MouseWheelEvent e) {
                say("WHEEL " + e.getWheelRotation());
            }

            @Override
            public void mouseDragged(MouseEvent e) {
                say("DRAG " + e.getX() + " " + e.getY());
            }
        };
        panel.addMouseListener(mouse);
        panel.addMouseWheelListener(mouse);
        panel.addMouseMotionListener(mouse);
        KeyAdapter keys = new KeyAdapter() {
            @Override
            public void keyTyped(KeyEvent e) {
                say("TYPED " + (int) e.getKeyChar());
            }

            @Override
            public void keyPressed(KeyEvent e) {
                say("KEY " + e.getKeyCode() + " " + e.getModifiersEx());
            }
        };
        panel.addKeyListener(keys);
        frame.add(panel);
        frame.setBounds(0, 0, w, h);
        frame.setVisible(true);
        frame.toFront();
        panel.requestFocus();
        Thread.sleep(300);
        panel.repaint();
        Thread.sleep(200);
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("reset")) {
                marker[0] = -1;
                Graphics g = panel.getGraphics();
                panel.paint(g);
                g.dispose();
                say("RESET");
            }
        }
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
