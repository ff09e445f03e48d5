package dev.healing.core.match;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * The few calls of Tesseract's C API ({@code libtesseract.so.5}) that reading a screen needs,
 * bound through JNA without interface proxies. One instance owns one engine handle; Tesseract
 * handles are not thread-safe, so every call here is synchronized. Only touched after
 * {@link #open()} succeeded; this class must not be loaded where JNA is absent.
 */
final class Tesseract implements AutoCloseable {
    /** Tesseract's page segmentation mode "sparse text": as much text as possible, in no order. */
    private static final int PSM_SPARSE_TEXT = 11;
    private static final String[] LIBRARY_NAMES = {"tesseract", "libtesseract.so.5"};

    private final Function setImage;
    private final Function getTsv;
    private final Function deleteText;
    private final Function delete;
    private final Function setResolution;
    private Pointer handle;

    private Tesseract(NativeLibrary lib) {
        this.setImage = lib.getFunction("TessBaseAPISetImage");
        this.getTsv = lib.getFunction("TessBaseAPIGetTsvText");
        this.deleteText = lib.getFunction("TessDeleteText");
        this.delete = lib.getFunction("TessBaseAPIDelete");
        this.setResolution = lib.getFunction("TessBaseAPISetSourceResolution");
        Pointer h = (Pointer) lib.getFunction("TessBaseAPICreate").invoke(Pointer.class, new Object[0]);
        if (h == null) {
            throw new IllegalStateException("TessBaseAPICreate returned null");
        }
        int rc = lib.getFunction("TessBaseAPIInit2").invokeInt(new Object[] {h, null, "eng", 1});
        if (rc != 0) {
            delete.invokeVoid(new Object[] {h});
            throw new IllegalStateException("Tesseract could not load its English data (TessBaseAPIInit3 returned "
                    + rc + "); install tesseract-ocr-eng or set TESSDATA_PREFIX");
        }
        lib.getFunction("TessBaseAPISetPageSegMode").invokeVoid(new Object[] {h, PSM_SPARSE_TEXT});
        Function setVariable = lib.getFunction("TessBaseAPISetVariable");
        // Screens carry no dictionary words as often as they do; do not bend names into words.
        setVariable.invokeInt(new Object[] {h, "load_system_dawg", "0"});
        setVariable.invokeInt(new Object[] {h, "load_freq_dawg", "0"});
        // Tesseract's progress notes ("Detected 6 diacritics") would go to stderr.
        setVariable.invokeInt(new Object[] {h, "debug_file", "/dev/null"});
        this.handle = h;
    }

    /**
     * @return an engine with English loaded
     * @throws UnsatisfiedLinkError when libtesseract is not installed
     * @throws IllegalStateException when its English data is missing
     */
    static Tesseract open() {
        limitOpenMp();
        UnsatisfiedLinkError first = null;
        for (String name : LIBRARY_NAMES) {
            try {
                return new Tesseract(NativeLibrary.getInstance(name));
            } catch (UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    /**
     * Tesseract's LSTM asks OpenMP for several threads per line; on a small, busy machine their
     * spinning costs four times what they save (2.8 s against 0.7 s for a 1920x1080 frame on 2
     * cores). OpenMP reads its thread limit once, when it loads with libtesseract, so it is set
     * in the process environment first, unless the user set it.
     */
    private static void limitOpenMp() {
        if (System.getenv("OMP_THREAD_LIMIT") == null) {
            try {
                Function.getFunction(Platform.C_LIBRARY_NAME, "setenv").invokeInt(
                        new Object[] {"OMP_THREAD_LIMIT", "1", 0});
            } catch (UnsatisfiedLinkError e) {
                // no setenv: Tesseract still works, only slower
            }
        }
    }

    /**
     * Reads the words of an 8-bit grey image (dark text on light ground reads best).
     *
     * @param grey   one byte per pixel, row-major
     * @param dpi    the resolution to assume, which sets Tesseract's expectations of text size
     * @return the words with their boxes in image pixels
     */
    synchronized List<Word> read(byte[] grey, int width, int height, int dpi) {
        if (handle == null) {
            throw new IllegalStateException("the engine is closed");
        }
        setImage.invokeVoid(new Object[] {handle, grey, width, height, 1, width});
        setResolution.invokeVoid(new Object[] {handle, dpi});
        Pointer tsv = (Pointer) getTsv.invoke(Pointer.class, new Object[] {handle, 0});
        if (tsv == null) {
            return List.of();
        }
        try {
            return parseTsv(tsv.getString(0, "UTF-8"));
        } finally {
            deleteText.invokeVoid(new Object[] {tsv});
        }
    }

    /** One recognised word: its text, its box in image pixels and Tesseract's confidence 0..100. */
    record Word(String text, int x, int y, int width, int height, double confidence) {
    }

    /** Parses Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, conf, text. */
    static List<Word> parseTsv(String tsv) {
        List<Word> words = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 12 || !"5".equals(f[0])) {
                continue;
            }
            String text = f[11].strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                words.add(new Word(text, Integer.parseInt(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]),
                        Integer.parseInt(f[9]), Double.parseDouble(f[10])));
            } catch (NumberFormatException e) {
                // a malformed row is skipped; the rest of the page still counts
            }
        }
        return words;
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            delete.invokeVoid(new Object[] {handle});
            handle = null;
        }
    }
}
