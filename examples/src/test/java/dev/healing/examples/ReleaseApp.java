package dev.healing.examples;

import java.awt.AWTEvent;
import java.awt.CardLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Font;
import java.awt.Toolkit;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;

/**
 * The end-to-end test's application, run in its own JVM on the Xvnc display, in one of several
 * releases: {@code r1} (as recorded), {@code moved} (buttons and list elsewhere), {@code dark}
 * (dark theme, same places), {@code scaled} (everything at 125 %), {@code gone} (no Submit button).
 * Three screens: a login form, a list of mailboxes, a form with a Submit button.
 *
 * <p>Prints on stdout, one per line: {@code READY}, {@code PRESS name} for every mouse press on a
 * named component (or {@code PRESS elsewhere x y}), {@code LOGIN user pass}, {@code OPEN item},
 * {@code SUBMIT subject}. Stdin closing ends the process.
 */
public final class ReleaseApp {
    /** Screen the tests use, pixels. */
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    private ReleaseApp() {
    }

    /** @param args the release: r1, moved, dark, scaled or gone */
    public static void main(String[] args) throws Exception {
        String release = args[0];
        EventQueue.invokeAndWait(() -> show(release));
        new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (r.readLine() != null) {
                    // wait for stdin to close
                }
            } catch (java.io.IOException ignored) {
                // ends below
            }
            System.exit(0);
        }, "stdin-watch").start();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void show(String release) {
        boolean dark = release.equals("dark");
        double s = release.equals("scaled") ? 1.25 : 1.0;
        boolean moved = release.equals("moved");
        Color bg = dark ? new Color(0x2B2B2B) : new Color(0xEEEEEE);
        Color fg = dark ? new Color(0xE0E0E0) : Color.BLACK;
        Color fieldBg = dark ? new Color(0x3C3F41) : Color.WHITE;
        Color buttonBg = dark ? new Color(0x4C5052) : new Color(0xC8D6E8);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14).deriveFont((float) (14 * s));

        JFrame frame = new JFrame("release " + release);
        frame.setUndecorated(true);
        frame.setBounds(0, 0, WIDTH, HEIGHT);
        CardLayout cards = new CardLayout();
        JPanel root = new JPanel(cards);
        frame.setContentPane(root);

        JPanel login = panel(bg);
        label(login, "User name", 180, 150, 110, 26, s, font, fg);
        JTextField user = field(new JTextField(), "user", 300, 150, 200, 26, s, font, fg, fieldBg);
        login.add(user);
        label(login, "Password", 180, 196, 110, 26, s, font, fg);
        JPasswordField pass = (JPasswordField) field(new JPasswordField(), "password", 300, 196, 200, 26, s, font, fg,
                fieldBg);
        login.add(pass);
        JButton signIn = button("Sign in", "signin", moved ? 470 : 300, moved ? 330 : 250, 110, 34, s, font, fg,
                buttonBg);
        login.add(signIn);

        JPanel mailboxes = panel(bg);
        label(mailboxes, "Mailboxes", moved ? 400 : 180, moved ? 170 : 110, 200, 26, s, font, fg);
        JList<String> list = new JList<>(new String[] {"Inbox", "Reports", "Archive", "Spam"});
        list.setName("list");
        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.setFixedCellHeight((int) Math.round(26 * s));
        list.setFont(font);
        list.setForeground(fg);
        list.setBackground(fieldBg);
        list.setBounds(px(moved ? 400 : 180, s), px(moved ? 200 : 140, s), px(200, s), px(104, s));
        mailboxes.add(list);

        JPanel form = panel(bg);
        label(form, "Subject", 180, 150, 100, 26, s, font, fg);
        JTextField subject = field(new JTextField(), "subject", 290, 150, 220, 26, s, font, fg, fieldBg);
        form.add(subject);
        JButton submit = button("Submit", "submit", moved ? 120 : 290, moved ? 380 : 210, 100, 34, s, font, fg,
                buttonBg);
        if (!release.equals("gone")) {
            form.add(submit);
        }

        JPanel sent = panel(bg);
        label(sent, "Sent", 180, 150, 200, 26, s, font, fg);

        root.add(login, "login");
        root.add(mailboxes, "mailboxes");
        root.add(form, "form");
        root.add(sent, "sent");

        signIn.addActionListener(e -> {
            say("LOGIN " + user.getText() + " " + new String(pass.getPassword()));
            cards.show(root, "mailboxes");
        });
        list.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getClickCount() == 2 && list.getSelectedValue() != null) {
                    say("OPEN " + list.getSelectedValue());
                    cards.show(root, "form");
                    SwingUtilities.invokeLater(subject::requestFocusInWindow);
                }
            }
        });
        submit.addActionListener(e -> {
            say("SUBMIT " + subject.getText());
            cards.show(root, "sent");
        });
        Toolkit.getDefaultToolkit().addAWTEventListener(e -> {
            if (e.getID() == MouseEvent.MOUSE_PRESSED) {
                MouseEvent m = (MouseEvent) e;
                Component c = m.getComponent();
                String name = c.getName();
                say(name != null ? "PRESS " + name : "PRESS elsewhere " + m.getXOnScreen() + " " + m.getYOnScreen());
            }
        }, AWTEvent.MOUSE_EVENT_MASK);
        frame.setVisible(true);
        frame.toFront();
        say("READY");
    }

    private static JPanel panel(Color bg) {
        JPanel p = new JPanel(null);
        p.setBackground(bg);
        return p;
    }

    private static int px(int v, double s) {
        return (int) Math.round(v * s);
    }

    private static void place(JComponent c, int x, int y, int w, int h, double s, Font font, Color fg) {
        c.setBounds(px(x, s), px(y, s), px(w, s), px(h, s));
        c.setFont(font);
        c.setForeground(fg);
    }

    private static void label(JPanel p, String text, int x, int y, int w, int h, double s, Font font, Color fg) {
        JLabel l = new JLabel(text, SwingConstants.RIGHT);
        place(l, x, y, w, h, s, font, fg);
        p.add(l);
    }

    private static JTextField field(JTextField f, String name, int x, int y, int w, int h, double s, Font font,
                                    Color fg, Color bg) {
        f.setName(name);
        place(f, x, y, w, h, s, font, fg);
        f.setBackground(bg);
        f.setCaretColor(fg);
        f.setBorder(javax.swing.BorderFactory.createLineBorder(new Color(0x8A8A8A)));
        f.getCaret().setBlinkRate(0);
        return f;
    }

    private static JButton button(String text, String name, int x, int y, int w, int h, double s, Font font, Color fg,
                                  Color bg) {
        JButton b = new JButton(text);
        b.setName(name);
        place(b, x, y, w, h, s, font, fg);
        b.setBackground(bg);
        b.setFocusPainted(false);
        b.setRolloverEnabled(false);
        return b;
    }
}
