package dev.healing.jmh;

import dev.healing.api.Image;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * A generated 1920x1080 admin-dashboard frame (sidebar, top bar, cards, a table, buttons, text),
 * so the benchmarks run without the corpus. {@code shiftX, shiftY} move the content area, as a
 * layout change would.
 */
final class RealisticFrame {
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;

    private RealisticFrame() {
    }

    static Image render(int shiftX, int shiftY) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xf8f9fc));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setPaint(new GradientPaint(0, 0, new Color(0x4e73df), 0, HEIGHT, new Color(0x224abe)));
        g.fillRect(0, 0, 224, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        String[] nav = {"Dashboard", "Components", "Utilities", "Pages", "Charts", "Tables", "Settings"};
        for (int i = 0; i < nav.length; i++) {
            g.setColor(new Color(255, 255, 255, 200));
            g.fillOval(20, 92 + 56 * i, 14, 14);
            g.drawString(nav[i], 44, 104 + 56 * i);
        }
        g.translate(shiftX, shiftY);
        g.setColor(Color.WHITE);
        g.fillRect(224, 0, WIDTH, 70);
        g.setColor(new Color(0xeaecf4));
        g.fillRoundRect(250, 17, 360, 38, 8, 8);
        g.setColor(new Color(0x858796));
        g.drawString("Search for...", 266, 41);
        g.setColor(new Color(0x4e73df));
        g.fillRoundRect(610, 17, 44, 38, 8, 8);
        g.setColor(Color.WHITE);
        g.drawOval(624, 27, 13, 13);
        g.drawLine(636, 39, 642, 45);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        g.setColor(new Color(0x5a5c69));
        g.drawString("Dashboard", 250, 120);
        Color[] accents = {new Color(0x4e73df), new Color(0x1cc88a), new Color(0x36b9cc), new Color(0xf6c23e)};
        String[] titles = {"EARNINGS (MONTHLY)", "EARNINGS (ANNUAL)", "TASKS", "PENDING REQUESTS"};
        String[] values = {"$40,000", "$215,000", "50%", "18"};
        for (int i = 0; i < 4; i++) {
            int x = 250 + i * 410;
            g.setColor(Color.WHITE);
            g.fillRoundRect(x, 150, 385, 100, 8, 8);
            g.setColor(accents[i]);
            g.fillRect(x, 150, 5, 100);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(titles[i], x + 24, 185);
            g.setColor(new Color(0x5a5c69));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString(values[i], x + 24, 220);
            g.setColor(new Color(0xdddfeb));
            g.fillOval(x + 320, 180, 36, 36);
        }
        g.setColor(Color.WHITE);
        g.fillRoundRect(250, 280, 1040, 560, 8, 8);
        g.setColor(new Color(0x4e73df));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("DataTables Example", 274, 315);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        Random r = new Random(5);
        String[] names = {"Airi Satou", "Angelica Ramos", "Ashton Cox", "Bradley Greer", "Brenden Wagner",
            "Brielle Williamson", "Bruno Nash", "Caesar Vance", "Cara Stevens", "Cedric Kelly"};
        String[] offices = {"Tokyo", "London", "San Francisco", "New York", "Edinburgh"};
        for (int row = 0; row < names.length; row++) {
            int y = 370 + row * 46;
            g.setColor(new Color(0xe3e6f0));
            g.drawLine(270, y + 14, 1270, y + 14);
            g.setColor(new Color(0x858796));
            g.drawString(names[row], 284, y);
            g.drawString(offices[r.nextInt(offices.length)], 620, y);
            g.drawString(String.valueOf(20 + r.nextInt(45)), 840, y);
            g.drawString("$" + (80 + r.nextInt(400)) + "," + (100 + r.nextInt(899)), 1000, y);
        }
        String[] buttons = {"Primary", "Success", "Info", "Warning", "Danger"};
        for (int i = 0; i < buttons.length; i++) {
            int y = 300 + i * 90;
            g.setColor(accents[i % accents.length].darker());
            g.fillRoundRect(1330, y, 200, 44, 8, 8);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            g.drawString("Split " + buttons[i], 1352, y + 28);
            g.fillOval(1560 + (i % 3) * 60, y + 4, 36, 36);
        }
        g.setColor(new Color(0xb7b9cc));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("Copyright (c) Your Website 2024", 820, 1000);
        g.dispose();
        return Image.fromBufferedImage(img);
    }
}
