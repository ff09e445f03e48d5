package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Rect;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the words of a frame with Tesseract, prepared by {@link ScreenReading}, and remembers the
 * last few frames read (by identity: a healer reads the same baseline frame for every step of a
 * screen). When JNA, libtesseract or its English data is missing it says so once in the log and
 * reads nothing from then on. Thread-safe: reads are serialised on the one engine.
 */
final class TextReader {
    private static final Logger log = LoggerFactory.getLogger(TextReader.class);
    private static final int REMEMBERED = 6;

    private final int factor;
    private final Deque<Object[]> recent = new ArrayDeque<>();
    private Object engine;
    private String missing;

    /** @param factor upscaling before OCR, 1..4 */
    TextReader(int factor) {
        this.factor = factor;
    }

    /** @return why OCR is unavailable, or empty when it works */
    synchronized Optional<String> unavailable() {
        engine();
        return Optional.ofNullable(missing);
    }

    /** @return the words of the frame, or empty when OCR is unavailable */
    Optional<ScreenText> read(Image frame) {
        return read(frame, frame.bounds());
    }

    /** @return the words of one region of the frame, in frame pixels, or empty when OCR is unavailable */
    Optional<ScreenText> read(Image frame, Rect region) {
        synchronized (this) {
            for (Object[] e : recent) {
                if (e[0] == frame && e[1].equals(region)) {
                    return Optional.of((ScreenText) e[2]);
                }
            }
        }
        Tesseract t = engine();
        if (t == null) {
            return Optional.empty();
        }
        ScreenText text = readRegion(t, frame, region);
        synchronized (this) {
            recent.addFirst(new Object[] {frame, region, text});
            while (recent.size() > REMEMBERED) {
                recent.removeLast();
            }
        }
        return Optional.of(text);
    }

    private ScreenText readRegion(Tesseract t, Image frame, Rect region) {
        ScreenReading.Prepared p = ScreenReading.prepare(frame, region, factor);
        return new ScreenText(ScreenText.toFrame(t.read(p.grey(), p.width(), p.height(), 96 * factor), region,
                factor));
    }

    private synchronized Tesseract engine() {
        if (engine != null) {
            return (Tesseract) engine;
        }
        if (missing != null) {
            return null;
        }
        try {
            Class.forName("com.sun.jna.Native", false, TextReader.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            missing = "JNA is not on the class path";
        }
        if (missing == null) {
            try {
                Tesseract t = Tesseract.open();
                // Tesseract complains of leaks at exit unless its engine is deleted first.
                Runtime.getRuntime().addShutdownHook(new Thread(t::close, "tesseract-close"));
                engine = t;
                return t;
            } catch (UnsatisfiedLinkError | IllegalStateException e) {
                missing = "Tesseract is not usable (" + e.getMessage() + "); install libtesseract5 and tesseract-ocr-eng";
            }
        }
        log.warn("text locator off: {}", missing);
        return null;
    }
}
