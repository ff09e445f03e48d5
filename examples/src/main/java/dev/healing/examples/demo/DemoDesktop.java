package dev.healing.examples.demo;

import dev.healing.api.Image;
import dev.healing.api.InputException;
import dev.healing.api.InputInjector;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.ScreenCapture;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A 1920x1080 virtual desktop, rendered in Java, showing the demo's mail app in a window: the
 * stand-in for a remote screen seen over VNC and driven through HID. Implements both SPIs the
 * way a host's own adapters would. Thread-safe (synchronized).
 */
final class DemoDesktop implements ScreenCapture, InputInjector {
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;

    private static final Color ACCENT = new Color(0x2563EB);
    private static final Font UI = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    private static final Font UI_BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 30);

    private MailApp app;
    private Point pointer = new Point(0, 0);
    private int clicks;

    DemoDesktop(MailApp app) {
        this.app = app;
    }

    synchronized MailApp app() {
        return app;
    }

    /** Ships another release of the app, keeping the user's place (the screen they are on). */
    synchronized void ship(MailApp next) {
        next.restore(app.state());
        app = next;
    }

    synchronized int clicks() {
        return clicks;
    }

    @Override
    public synchronized Image capture() {
        BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paintDesktop(g);
            paintWindow(g);
        } finally {
            g.dispose();
        }
        return Image.fromBufferedImage(canvas);
    }

    private static void paintDesktop(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 0, new Color(0x0F766E), WIDTH, HEIGHT, new Color(0x134E4A)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(0x1F2937));
        g.fillRect(0, HEIGHT - 48, WIDTH, 48);
        g.setColor(new Color(0x60A5FA));
        g.fillRoundRect(12, HEIGHT - 40, 32, 32, 8, 8);
        g.setColor(Color.WHITE);
        g.setFont(UI);
        g.drawString("10:42", WIDTH - 70, HEIGHT - 17);
        for (int i = 0; i < 4; i++) {
            g.setColor(new Color(0xE5E7EB));
            g.fillRoundRect(40, 40 + i * 110, 64, 64, 12, 12);
            g.setColor(Color.WHITE);
            g.drawString(new String[] {"Files", "Mail", "Notes", "Trash"}[i], 48, 128 + i * 110);
        }
    }

    private void paintWindow(Graphics2D g) {
        int x = MailApp.WINDOW_X;
        int y = MailApp.WINDOW_Y;
        g.setColor(new Color(0, 0, 0, 60));
        g.fillRoundRect(x + 6, y + 8, MailApp.WINDOW_W, MailApp.WINDOW_H, 14, 14);
        g.setColor(new Color(0xF9FAFB));
        g.fillRoundRect(x, y, MailApp.WINDOW_W, MailApp.WINDOW_H, 14, 14);
        g.setColor(new Color(0xE5E7EB));
        g.fillRoundRect(x, y, MailApp.WINDOW_W, 40, 14, 14);
        g.fillRect(x, y + 20, MailApp.WINDOW_W, 20);
        g.setColor(new Color(0x374151));
        g.setFont(UI_BOLD);
        g.drawString("Mailbox", x + 16, y + 27);
        int[] dots = {0xEF4444, 0xF59E0B, 0x22C55E};
        for (int i = 0; i < 3; i++) {
            g.setColor(new Color(dots[i]));
            g.fillOval(x + MailApp.WINDOW_W - 90 + i * 26, y + 13, 14, 14);
        }
        switch (app.screen()) {
            case SIGN_IN -> paintSignIn(g, x, y + 40);
            case INBOX -> paintInbox(g, x, y + 40);
            case COMPOSE -> paintCompose(g, x, y + 40);
            case SENT -> paintSent(g, x, y + 40);
            default -> throw new IllegalStateException("unknown screen " + app.screen());
        }
    }

    private void paintSignIn(Graphics2D g, int x, int y) {
        g.setColor(new Color(0x111827));
        g.setFont(TITLE);
        g.drawString("Welcome back", x + 500, y + 120);
        g.setFont(UI);
        g.setColor(new Color(0x6B7280));
        g.drawString("Sign in to read your mail", x + 495, y + 160);
        for (MailApp.Widget w : app.widgets()) {
            switch (w.id()) {
                case "username", "password" -> paintField(g, w, w.id().equals("password")
                        ? "\u2022".repeat(app.field("password").length()) : app.field(w.field()));
                case "sign-in" -> paintButton(g, w.bounds(), w.label());
                case "remember" -> {
                    Rect r = w.bounds();
                    g.setColor(Color.WHITE);
                    g.fillRect(r.x(), r.y() + 4, 20, 20);
                    g.setColor(new Color(0x9CA3AF));
                    g.setStroke(new BasicStroke(2));
                    g.drawRect(r.x(), r.y() + 4, 20, 20);
                    g.setColor(new Color(0x374151));
                    g.drawString(w.label(), r.x() + 32, r.y() + 21);
                }
                default -> { }
            }
        }
        g.setColor(ACCENT);
        g.setFont(UI);
        g.drawString("Forgot password?", x + 530, y + (app.release() == 1 ? 490 : 560));
    }

    private void paintInbox(Graphics2D g, int x, int y) {
        paintButton(g, app.widgets().get(0).bounds(), "Compose");
        g.setColor(new Color(0xE5E7EB));
        g.fillRect(x + 240, y, 1, MailApp.WINDOW_H - 40);
        String[][] mails = {
            {"Ada Lovelace", "Notes on the Analytical Engine"}, {"Grace Hopper", "Found a bug (a real one)"},
            {"Alan Turing", "Can machines think?"}, {"Edsger Dijkstra", "Go To considered harmful"},
            {"Barbara Liskov", "Substitution, revisited"},
        };
        for (int i = 0; i < mails.length; i++) {
            int row = y + 30 + i * 70;
            g.setColor(i % 2 == 0 ? Color.WHITE : new Color(0xF3F4F6));
            g.fillRect(x + 260, row, 900, 64);
            g.setColor(new Color(0x111827));
            g.setFont(UI_BOLD);
            g.drawString(mails[i][0], x + 280, row + 28);
            g.setFont(UI);
            g.setColor(new Color(0x4B5563));
            g.drawString(mails[i][1], x + 280, row + 52);
        }
    }

    private void paintCompose(Graphics2D g, int x, int y) {
        g.setColor(new Color(0x111827));
        g.setFont(TITLE);
        g.drawString("New message", x + 300, y + 100);
        g.setFont(UI);
        for (MailApp.Widget w : app.widgets()) {
            if (w.field() != null) {
                paintField(g, w, app.field(w.field()));
            } else {
                paintButton(g, w.bounds(), w.label());
            }
        }
        g.setColor(Color.WHITE);
        g.fillRect(x + 300, y + 270, 600, 220);
        g.setColor(new Color(0xD1D5DB));
        g.drawRect(x + 300, y + 270, 600, 220);
    }

    private void paintSent(Graphics2D g, int x, int y) {
        paintButton(g, app.widgets().get(0).bounds(), "Inbox");
        g.setColor(new Color(0x166534));
        g.setFont(TITLE);
        g.drawString("Message sent: " + app.field("subject"), x + 300, y + 200);
    }

    private void paintField(Graphics2D g, MailApp.Widget w, String value) {
        Rect r = w.bounds();
        g.setFont(UI);
        g.setColor(new Color(0x374151));
        g.drawString(w.label(), r.x(), r.y() - 8);
        g.setColor(Color.WHITE);
        g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), 8, 8);
        g.setStroke(new BasicStroke(2));
        g.setColor(w.field().equals(app.focus()) ? ACCENT : new Color(0xD1D5DB));
        g.drawRoundRect(r.x(), r.y(), r.width(), r.height(), 8, 8);
        g.setColor(new Color(0x111827));
        g.drawString(value, r.x() + 12, r.y() + r.height() / 2 + 6);
    }

    private static void paintButton(Graphics2D g, Rect r, String label) {
        g.setColor(ACCENT);
        g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), 10, 10);
        g.setColor(Color.WHITE);
        g.setFont(UI_BOLD);
        int textWidth = g.getFontMetrics().stringWidth(label);
        g.drawString(label, r.x() + (r.width() - textWidth) / 2, r.y() + r.height() / 2 + 6);
    }

    @Override
    public synchronized void move(Point point) {
        if (point.x() >= WIDTH || point.y() >= HEIGHT) {
            throw new InputException("pointer target " + point + " is outside the " + WIDTH + "x" + HEIGHT + " desktop");
        }
        pointer = point;
    }

    @Override
    public synchronized void press(MouseButton button) {
        // the app reacts on release, like most desktop toolkits
    }

    @Override
    public synchronized void release(MouseButton button) {
        if (button == MouseButton.LEFT) {
            clicks++;
            app.click(pointer.x(), pointer.y());
        }
    }

    @Override
    public synchronized void scroll(int notches) {
        // nothing in the demo app scrolls
    }

    @Override
    public synchronized void type(String text) {
        app.type(text);
    }

    @Override
    public synchronized void keys(String combination) {
        throw new InputException("the demo desktop takes no key combinations (asked for " + combination + ")");
    }
}
