package dev.healing.core.match;

import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words read on one frame, in frame pixels, and the geometric questions asked of them:
 * where a phrase occurs, which words share a line with a box, which words two frames share.
 * Immutable and thread-safe.
 */
final class ScreenText {
    /** Least Tesseract confidence (0..100) of a word that counts. */
    static final double MIN_WORD_CONFIDENCE = 30;

    /** One word: its normalised text (lower case, outer punctuation stripped), as read, and its box. */
    record Word(String text, String read, Rect box) {
        int centreY() {
            return box.y() + box.height() / 2;
        }
    }

    /** One occurrence of a phrase: its words and their union box. */
    record Occurrence(List<Word> words, Rect box) {
        Point centre() {
            return new Point(box.x() + box.width() / 2, box.y() + box.height() / 2);
        }

        String read() {
            StringBuilder b = new StringBuilder();
            for (Word w : words) {
                b.append(b.length() == 0 ? "" : " ").append(w.read());
            }
            return b.toString();
        }
    }

    private final List<Word> words;

    ScreenText(List<Word> words) {
        List<Word> sorted = new ArrayList<>(words);
        sorted.sort(Comparator.comparingInt((Word w) -> w.box().y()).thenComparingInt(w -> w.box().x()));
        this.words = List.copyOf(sorted);
    }

    /** @return the words of a Tesseract read of a region prepared at {@code factor}, in frame pixels */
    static List<Word> toFrame(List<Tesseract.Word> read, Rect region, int factor) {
        List<Word> out = new ArrayList<>();
        for (Tesseract.Word w : read) {
            String norm = normalise(w.text());
            if (norm.isEmpty() || w.confidence() < MIN_WORD_CONFIDENCE) {
                continue;
            }
            int x = region.x() + w.x() / factor;
            int y = region.y() + w.y() / factor;
            int width = Math.max(1, (w.width() + factor - 1) / factor);
            int height = Math.max(1, (w.height() + factor - 1) / factor);
            out.add(new Word(norm, w.text(), new Rect(x, y, width, height)));
        }
        return out;
    }

    List<Word> words() {
        return words;
    }

    /** @return the text in lower case with outer punctuation removed; "" when nothing is left */
    static String normalise(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        int a = 0;
        int b = t.length();
        while (a < b && !Character.isLetterOrDigit(t.charAt(a))) {
            a++;
        }
        while (b > a && !Character.isLetterOrDigit(t.charAt(b - 1))) {
            b--;
        }
        // "E-mail" and "Email" are one word on screens
        return t.substring(a, b).replace("-", "");
    }

    /** @return the phrase split into normalised words, empty words dropped */
    static List<String> tokens(String phrase) {
        List<String> out = new ArrayList<>();
        for (String part : phrase.split("\\s+")) {
            String n = normalise(part);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** @return whether two boxes share a line: they overlap vertically by half the smaller height */
    static boolean sameLine(Rect a, Rect b) {
        int overlap = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        return overlap * 2 >= Math.min(a.height(), b.height());
    }

    /**
     * Every occurrence of the phrase: its words in order on one line, each within a gap of
     * twice the line height of the previous one.
     */
    List<Occurrence> find(List<String> phrase) {
        List<Occurrence> out = new ArrayList<>();
        if (phrase.isEmpty()) {
            return out;
        }
        for (Word first : words) {
            if (!first.text().equals(phrase.get(0))) {
                continue;
            }
            List<Word> run = new ArrayList<>();
            run.add(first);
            Word last = first;
            for (int i = 1; i < phrase.size() && last != null; i++) {
                Word next = null;
                for (Word w : words) {
                    int gap = w.box().x() - (last.box().x() + last.box().width());
                    if (w.text().equals(phrase.get(i)) && sameLine(w.box(), last.box())
                            && gap >= -2 && gap <= 2 * Math.max(last.box().height(), w.box().height())
                            && (next == null || w.box().x() < next.box().x())) {
                        next = w;
                    }
                }
                last = next;
                if (next != null) {
                    run.add(next);
                }
            }
            if (last != null) {
                out.add(new Occurrence(List.copyOf(run), union(run)));
            }
        }
        return out;
    }

    /** Share (0..1) of a phrase's letters that a run of its words read on one line must cover. */
    static final double MOST_OF = 0.75;

    /**
     * @return whether a run of the phrase's words in order on one line, carrying at least
     *     {@value #MOST_OF} of its letters, is read: "forgot my password" for "I forgot my password"
     *     (a short word misread), not "orders" alone for "New Orders"
     */
    boolean readsMostOf(List<String> phrase) {
        int all = String.join("", phrase).length();
        for (int i = 0; i < phrase.size(); i++) {
            for (int j = phrase.size(); j > i; j--) {
                List<String> run = phrase.subList(i, j);
                if (String.join("", run).length() >= MOST_OF * all && !find(run).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the words on the same line as {@code box} (not inside it) */
    List<Word> lineOf(Rect box) {
        List<Word> out = new ArrayList<>();
        for (Word w : words) {
            if (sameLine(w.box(), box) && !box.contains(w.box())) {
                out.add(w);
            }
        }
        return out;
    }

    /** @return whether the phrase occurs on the same line as {@code box} */
    boolean onLine(List<String> phrase, Rect box) {
        for (Occurrence o : find(phrase)) {
            if (sameLine(o.box(), box)) {
                return true;
            }
        }
        return false;
    }

    /** @return the distinct normalised words of at least {@code minLength} letters */
    Set<String> vocabulary(int minLength) {
        Set<String> out = new HashSet<>();
        for (Word w : words) {
            if (w.text().length() >= minLength) {
                out.add(w.text());
            }
        }
        return out;
    }

    /**
     * How the page moved as a whole from one frame to another, fitted on the words that occur
     * exactly once in each (scale from their widths, shift from their places, medians of both).
     */
    record Shift(double scale, double dx, double dy, int agreeingX, int agreeingY, int pairs) {
        Point apply(Point p) {
            return new Point((int) Math.round(p.x() * scale + dx), (int) Math.round(p.y() * scale + dy));
        }

        /** @return whether most of the unique words moved this way vertically (columns may reflow) */
        boolean trustedVertically() {
            return pairs >= 6 && agreeingY * 2 >= pairs;
        }
    }

    /** @return the page's shift from {@code before} to this frame, empty with fewer than 6 shared unique words */
    java.util.Optional<Shift> shiftFrom(ScreenText before) {
        java.util.Map<String, Word> mine = unique(this);
        java.util.Map<String, Word> theirs = unique(before);
        List<Word[]> pairs = new ArrayList<>();
        for (java.util.Map.Entry<String, Word> e : theirs.entrySet()) {
            Word now = mine.get(e.getKey());
            if (now != null && e.getKey().length() >= 4) {
                pairs.add(new Word[] {e.getValue(), now});
            }
        }
        if (pairs.size() < 6) {
            return java.util.Optional.empty();
        }
        double[] ratio = new double[pairs.size()];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = pairs.get(i)[1].box().width() / (double) Math.max(1, pairs.get(i)[0].box().width());
        }
        double scale = median(ratio);
        double[] dx = new double[pairs.size()];
        double[] dy = new double[pairs.size()];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = pairs.get(i)[1].box().x() - scale * pairs.get(i)[0].box().x();
            dy[i] = pairs.get(i)[1].box().y() - scale * pairs.get(i)[0].box().y();
        }
        double mx = median(dx);
        double my = median(dy);
        int agreeingX = 0;
        int agreeingY = 0;
        for (int i = 0; i < dx.length; i++) {
            agreeingX += Math.abs(dx[i] - mx) <= 12 ? 1 : 0;
            agreeingY += Math.abs(dy[i] - my) <= 12 ? 1 : 0;
        }
        return java.util.Optional.of(new Shift(scale, mx, my, agreeingX, agreeingY, pairs.size()));
    }

    private static java.util.Map<String, Word> unique(ScreenText t) {
        java.util.Map<String, Word> out = new java.util.HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Word w : t.words) {
            if (!seen.add(w.text())) {
                out.remove(w.text());
            } else {
                out.put(w.text(), w);
            }
        }
        return out;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    static Rect union(List<Word> run) {
        int x1 = Integer.MAX_VALUE;
        int y1 = Integer.MAX_VALUE;
        int x2 = Integer.MIN_VALUE;
        int y2 = Integer.MIN_VALUE;
        for (Word w : run) {
            x1 = Math.min(x1, w.box().x());
            y1 = Math.min(y1, w.box().y());
            x2 = Math.max(x2, w.box().x() + w.box().width());
            y2 = Math.max(y2, w.box().y() + w.box().height());
        }
        return new Rect(x1, y1, x2 - x1, y2 - y1);
    }

    /** @return the distance in pixels from the point to the box, 0 inside */
    static double distance(Rect box, Point p) {
        int dx = Math.max(0, Math.max(box.x() - p.x(), p.x() - (box.x() + box.width() - 1)));
        int dy = Math.max(0, Math.max(box.y() - p.y(), p.y() - (box.y() + box.height() - 1)));
        return Math.hypot(dx, dy);
    }
}
