package dev.healing.examples.demo;

import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's application model: a small mail client with a sign-in screen, an inbox and a
 * compose dialog, in two releases. Release 2 adds a "Remember me" row where the Sign in button
 * used to be and moves the button down. Not thread-safe; the desktop serializes access.
 */
final class MailApp {
    /** Screen of the app. */
    enum Screen { SIGN_IN, INBOX, COMPOSE, SENT }

    /** Everything that changes while the app is used; restoring it is the runner's "go back". */
    record State(Screen screen, Map<String, String> fields, String focus) {
        State {
            fields = Map.copyOf(fields);
        }
    }

    /** Something clickable: a text field (named by {@code field}) or a button (doing {@code action}). */
    record Widget(String id, Rect bounds, String label, String field, Screen action) {
    }

    static final int WINDOW_X = 360;
    static final int WINDOW_Y = 120;
    static final int WINDOW_W = 1200;
    static final int WINDOW_H = 780;

    private final int release;
    private Screen screen = Screen.SIGN_IN;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private String focus;

    MailApp(int release) {
        if (release != 1 && release != 2) {
            throw new IllegalArgumentException("the demo app has releases 1 and 2, not " + release);
        }
        this.release = release;
    }

    int release() {
        return release;
    }

    Screen screen() {
        return screen;
    }

    String field(String name) {
        return fields.getOrDefault(name, "");
    }

    String focus() {
        return focus;
    }

    State state() {
        return new State(screen, fields, focus);
    }

    void restore(State state) {
        screen = state.screen();
        fields.clear();
        fields.putAll(state.fields());
        focus = state.focus();
    }

    /** @return the widgets of the current screen, in this release's layout */
    List<Widget> widgets() {
        int x = WINDOW_X;
        int y = WINDOW_Y + 40;
        List<Widget> w = new ArrayList<>();
        switch (screen) {
            case SIGN_IN -> {
                w.add(new Widget("username", Rect.of(x + 420, y + 210, 360, 44), "Username", "username", null));
                w.add(new Widget("password", Rect.of(x + 420, y + 290, 360, 44), "Password", "password", null));
                int buttonY = release == 1 ? y + 380 : y + 450;
                w.add(new Widget("sign-in", Rect.of(x + 420, buttonY, 360, 48), "Sign in", null, Screen.INBOX));
                if (release == 2) {
                    w.add(new Widget("remember", Rect.of(x + 420, y + 380, 200, 28), "Remember me", "remember", null));
                }
            }
            case INBOX -> w.add(new Widget("compose", Rect.of(x + 40, y + 30, 170, 46), "Compose", null,
                    Screen.COMPOSE));
            case COMPOSE -> {
                w.add(new Widget("to", Rect.of(x + 300, y + 150, 600, 40), "To", "to", null));
                w.add(new Widget("subject", Rect.of(x + 300, y + 210, 600, 40), "Subject", "subject", null));
                w.add(new Widget("send", Rect.of(x + 780, y + 520, 120, 44), "Send", null, Screen.SENT));
            }
            case SENT -> w.add(new Widget("back", Rect.of(x + 40, y + 30, 170, 46), "Inbox", null, Screen.INBOX));
            default -> throw new IllegalStateException("unknown screen " + screen);
        }
        return w;
    }

    /** A left click at (px, py): focuses a field or presses a button; elsewhere it does nothing. */
    void click(int px, int py) {
        for (Widget w : widgets()) {
            if (w.bounds().contains(new dev.healing.api.Point(px, py))) {
                if (w.field() != null) {
                    focus = w.field();
                    if (w.id().equals("remember")) {
                        fields.put("remember", fields.containsKey("remember") ? "" : "x");
                    }
                } else {
                    screen = w.action();
                    focus = null;
                }
                return;
            }
        }
        focus = null;
    }

    /** Types into the focused field; without focus the keys go nowhere, as on a real screen. */
    void type(String text) {
        if (focus != null) {
            fields.merge(focus, text, String::concat);
        }
    }
}
