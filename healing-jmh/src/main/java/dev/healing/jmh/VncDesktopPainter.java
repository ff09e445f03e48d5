package dev.healing.jmh;

import java.awt.Color;
import java.awt.Font;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GradientPaint;
import java.awt.Panel;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Benchmark helper, run in its own JVM on the benchmark's X display: an undecorated window that
 * paints a desktop-like picture (title bars, text, buttons, a gradient, a photo-like patch) over
 * the whole screen, so that the encodings see realistic content. Prints {@code READY}.
 */
public final class VncDesktopPainter {
    private VncDesktopPainter() {
    }

    /** @param args width and height in pixels */
    public static void main(String[] args) throws Exception {
        int w = Integer.parseInt(args[0]);
        int h = Integer.parseInt(args[1]);
        BufferedImage image = desktop(w, h);
        Frame frame = new Frame("desktop");
        frame.setUndecorated(true);
        Panel panel = new Panel() {
            private static final long serialVersionUID = 1L;

            @Override
            public void paint(Graphics g) {
                g.drawImage(image, 0, 0, null);
            }
        };
        frame.add(panel);
        frame.setBounds(0, 0, w, h);
        frame.setVisible(true);
        Thread.sleep(800);
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the benchmark closes stdin
        }
        System.exit(0);
    }

    static BufferedImage desktop(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x2B5797), 0, h, new Color(0x1D1D40)));
        g.fillRect(0, 0, w, h);
        Random random = new Random(3);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < 6; i++) {
            int x = 40 + i * w / 8;
            int y = 40 + i * h / 10;
            int ww = w / 3;
            int wh = h / 2;
            g.setColor(new Color(0xF3F3F3));
            g.fillRect(x, y, ww, wh);
            g.setColor(new Color(0x3C3C3C));
            g.fillRect(x, y, ww, 28);
            g.setColor(Color.WHITE);
            g.drawString("Window " + i + " - Document.txt", x + 8, y + 19);
            g.setColor(Color.BLACK);
            for (int line = 0; line < wh / 18 - 3; line++) {
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < ww / 9; k++) {
                    text.append((char) ('a' + random.nextInt(26)));
                    if (random.nextInt(6) == 0) {
                        text.append(' ');
                    }
                }
                g.drawString(text.toString(), x + 10, y + 50 + line * 18);
            }
            g.setColor(new Color(0x0078D7));
            g.fillRoundRect(x + ww - 110, y + wh - 40, 90, 28, 8, 8);
            g.setColor(Color.WHITE);
            g.drawString("OK", x + ww - 72, y + wh - 21);
        }
        int px = w - w / 4 - 20;
        int py = h - h / 4 - 60;
        for (int y = 0; y < h / 4; y++) {
            for (int x = 0; x < w / 4; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 17.0) + random.nextInt(20));
                int gg = (int) (128 + 100 * Math.cos(y / 23.0) + random.nextInt(20));
                int b = (x * y / 64 + random.nextInt(30)) & 0xFF;
                img.setRGB(px + x, py + y, Math.min(255, Math.max(0, r)) << 16 | Math.min(255, Math.max(0, gg)) << 8 | b);
            }
        }
        g.setColor(new Color(0x202020));
        g.fillRect(0, h - 40, w, 40);
        g.dispose();
        return img;
    }
}
