package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws synthetic application screens for tests: a header bar, panels, and buttons whose inner
 * "label" is a pattern of strokes derived from a seed (unique per seed, like text). No fonts.
 */
final class SyntheticUi {
    /** One button: centre, size, seed of its label pattern, fill colour. */
    record Button(int cx, int cy, int w, int h, long seed, Color fill) {
        Point center() {
            return new Point(cx, cy);
        }

        Button at(int x, int y) {
            return new Button(x, y, w, h, seed, fill);
        }
    }

    private final int width;
    private final int height;
    private final List<Button> buttons = new ArrayList<>();
    private long layoutSeed = 7;
    private double scale = 1;
    private boolean chrome = true;

    SyntheticUi(int width, int height) {
        this.width = width;
        this.height = height;
    }

    SyntheticUi layout(long seed) {
        this.layoutSeed = seed;
        return this;
    }

    SyntheticUi scale(double s) {
        this.scale = s;
        return this;
    }

    /** Whether to draw the sidebar, header bar and panels (default true). */
    SyntheticUi chrome(boolean on) {
        this.chrome = on;
        return this;
    }

    SyntheticUi add(Button b) {
        buttons.add(b);
        return this;
    }

    /** A typical set of distinct buttons, spread over the frame. */
    static List<Button> someButtons(int width, int height) {
        List<Button> out = new ArrayList<>();
        Color[] fills = {new Color(0x4e73df), new Color(0x1cc88a), new Color(0xe74a3b), new Color(0xf6c23e),
            new Color(0x858796), new Color(0x36b9cc)};
        int k = 0;
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                int cx = width * (col + 1) / 5 + (row % 2) * 40;
                int cy = height * (row + 1) / 4 + 20;
                out.add(new Button(cx, cy, 110 + 10 * (k % 3), 40, 100 + k, fills[k % fills.length]));
                k++;
            }
        }
        return out;
    }

    Image render() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xf8f9fc));
        g.fillRect(0, 0, width, height);
        g.scale(scale, scale);
        Random r = new Random(layoutSeed);
        if (!chrome) {
            for (Button b : buttons) {
                draw(g, b);
            }
            g.dispose();
            return Image.fromBufferedImage(img);
        }
        g.setColor(new Color(0x4e73df));
        g.fillRect(0, 0, 160, (int) (height / scale) + 1);
        g.setColor(Color.WHITE);
        g.fillRect(160, 0, (int) (width / scale), 56);
        for (int i = 0; i < 6; i++) {
            int px = 180 + r.nextInt(Math.max(1, (int) (width / scale) - 500));
            int py = 80 + r.nextInt(Math.max(1, (int) (height / scale) - 300));
            g.setColor(new Color(0xe3e6f0));
            g.setStroke(new BasicStroke(1));
            g.drawRect(px, py, 200 + r.nextInt(200), 120 + r.nextInt(100));
        }
        for (Button b : buttons) {
            draw(g, b);
        }
        g.dispose();
        return Image.fromBufferedImage(img);
    }

    private static void draw(Graphics2D g, Button b) {
        int x = b.cx() - b.w() / 2;
        int y = b.cy() - b.h() / 2;
        g.setColor(b.fill());
        g.fillRoundRect(x, y, b.w(), b.h(), 10, 10);
        g.setColor(b.fill().darker());
        g.drawRoundRect(x, y, b.w(), b.h(), 10, 10);
        Random r = new Random(b.seed());
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(3));
        int lx = x + 12;
        int mid = y + b.h() / 2;
        while (lx < x + b.w() - 16) {
            int stroke = r.nextInt(5);
            int up = 4 + r.nextInt(b.h() / 2 - 8);
            int down = 4 + r.nextInt(b.h() / 2 - 8);
            switch (stroke) {
                case 0 -> g.drawLine(lx, mid - up, lx, mid + down);
                case 1 -> g.drawOval(lx, mid - up, 9, up + down);
                case 2 -> g.drawLine(lx, mid - up, lx + 8, mid + down);
                case 3 -> g.fillRect(lx, mid - up, 6, up);
                default -> g.drawLine(lx, mid + down, lx + 8, mid - up);
            }
            lx += 9 + r.nextInt(8);
        }
    }

    /** @return the image with every channel inverted: a crude dark theme */
    static Image inverted(Image image) {
        int[] p = image.pixels();
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = ~p[i] & 0xFFFFFF;
        }
        return Image.wrap(image.width(), image.height(), out);
    }
}
