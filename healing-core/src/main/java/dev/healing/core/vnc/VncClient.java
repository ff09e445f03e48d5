package dev.healing.core.vnc;

import dev.healing.api.Image;
import dev.healing.api.InputException;
import dev.healing.api.InputInjector;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.ScreenCapture;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * A VNC (RFB) client: the default {@link ScreenCapture} and {@link InputInjector} of a remote
 * screen. Speaks RFB 3.3, 3.7 and 3.8; security None, VNC password and VeNCrypt (X.509 TLS with a
 * trust store or a pinned certificate, anonymous TLS only when enabled); asks for 32-bit true
 * colour and decodes any true-colour format; encodings ZRLE, Tight (lossless unless JPEG is
 * asked for), Hextile, Zlib, RRE, CopyRect and Raw; the pointer comes as a separate cursor shape,
 * so it does not appear in a capture where the server supports that. One exception: TigerVNC's
 * Xvnc (1.12 and older) draws the pointer into the framebuffer while it sits where this client did
 * not put it (moved by another viewer, xdotool or a HID device); a {@link #move} through this
 * client takes it out again. The client asks for pointer positions (PointerPos), which newer
 * TigerVNC servers use to keep the pointer out. {@link #pointerMayBeInFrame()} says when the
 * server may draw it, so a runner can park the pointer first.
 *
 * <pre>{@code
 * try (VncClient vnc = VncClient.builder().host("10.0.0.5").port(5901).password("secret").connect()) {
 *     Image screen = vnc.capture();
 *     vnc.click(new Point(640, 400), MouseButton.LEFT);
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> All methods are thread-safe. One daemon reader thread per connection keeps
 * the framebuffer; captures are serialized; input events of concurrent callers may interleave.
 *
 * <p><b>Failures.</b> Every call is bounded in time by deadlines per call and per message, not
 * per read, so a server that trickles bytes or floods updates cannot stretch it: {@code connect()}
 * (TCP connect and the whole handshake) ends within the connect timeout; a capture within the
 * capture timeout; each server message (and each write the server must accept) within the read
 * timeout; when the connection must be rebuilt first, the reconnect budget plus one connect
 * timeout comes on top. {@link #close()} returns promptly from any thread at any time. Failures
 * are {@link VncException}s (captures) or {@link InputException}s wrapping one (input), naming
 * {@code host:port} and the phase; malformed server data is a {@link VncProtocolException}. After
 * a broken connection the next call reconnects, retrying with exponential backoff (100 ms
 * doubling to 2 s) within the reconnect budget; when the connection ended for another reason
 * (bad data, a stalled server, the reader thread's death from any error), the next call fails
 * with that cause first and the call after it reconnects. No {@link Error} leaves a capture.
 *
 * <p><b>Memory.</b> A connection holds one framebuffer of 4 bytes per pixel, and a capture
 * copies it once; both together may take at most half of the JVM's maximum heap, and at most
 * {@link Builder#maxPixels(long)} pixels: larger desktops (8K, 265 MB, on a 256 MB heap) are
 * refused at connect or resize with a message saying how much heap they need. Compressed data is
 * streamed in 16 KB chunks whatever length the server declares, and a Tight JPEG rectangle's
 * declared size is checked against the rectangle before it is decoded.
 *
 * <p><b>Logging.</b> Through slf4j, at DEBUG and INFO only. The system property {@code
 * dev.healing.vnc.log} ({@link #LOGGING_PROPERTY}) set to {@code off} turns it off without
 * starting slf4j, which spares a process that connects once several ms of CPU (the command-line
 * tools do so unless asked to be verbose).
 */
public final class VncClient implements ScreenCapture, InputInjector, AutoCloseable {
    /**
     * The system property that turns the client's logging off: {@code off} discards everything
     * without starting slf4j (see the class comment).
     */
    public static final String LOGGING_PROPERTY = "dev.healing.vnc.log";
    /** Default TCP port, 5900 (display :0). */
    public static final int DEFAULT_PORT = 5900;
    /** Default connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default time one server message (or one write to the server) may take: 10 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a capture waits for the requested pixels: 10 s. */
    public static final Duration DEFAULT_CAPTURE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Default quiet period after the requested pixels arrived, on servers that do not speak fences
     * or QEMU's pointer-mode extension (those get 0): 500 ms without further updates.
     * x11vnc polls the screen and reported changes up to about 350 ms late on a loaded 2-core
     * machine (Xvfb); the margin covers slower polls.
     */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(500);
    /** Default upper bound on waiting for quiet after the requested pixels arrived: 2 s. */
    public static final Duration DEFAULT_SETTLE_LIMIT = Duration.ofSeconds(2);
    /** Default time spent reconnecting (with backoff) before a call gives up: 10 s. */
    public static final Duration DEFAULT_RECONNECT_BUDGET = Duration.ofSeconds(10);
    /**
     * Default largest framebuffer accepted: 7680x4320 pixels (8K), 130 MB of pixels; the heap
     * bound (half of {@code -Xmx} for the framebuffer and one capture) may refuse less.
     */
    public static final long DEFAULT_MAX_PIXELS = 7680L * 4320;

    /** The logger, obtained at first use: slf4j's start-up is tens of ms of a one-shot capture process. */
    private static final class Log {
        static final Logger LOG = VncLog.of(VncClient.class);
    }

    private static final int WHEEL_UP = 8;
    private static final int WHEEL_DOWN = 16;

    private final Settings settings;
    private final Object stateLock = new Object();
    private final ReentrantLock connectLock = new ReentrantLock();
    private final ReentrantLock captureLock = new ReentrantLock();
    private final Object inputLock = new Object();
    private final AtomicReference<Socket> connecting = new AtomicReference<>();
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private volatile RfbSession session;
    private volatile boolean closed;
    // guarded by inputLock
    private int pointerX;
    private int pointerY;
    private int buttons;

    private VncClient(Settings settings, RfbSession first) {
        this.settings = settings;
        this.session = first;
    }

    /**
     * Optional: loads and initialises what a connection needs (this package's classes, the JDK's
     * socket implementation, the logging backend, the timer thread, a reader thread for the next
     * connection) without connecting, and runs the Hextile and Raw decoders on made-up data until
     * the JIT compiles them. A process
     * that connects once, such as a command-line screenshot, can call it on another thread while
     * it parses its arguments, so that its first {@code connect()} does not wait for class loading
     * (tens of ms in a cold JVM). Thread-safe, idempotent, never throws.
     */
    public static void preload() {
        // The JDK's socket first: it starts the JVM's lambda machinery, the longest step (5-8 ms in
        // a new JVM on Java 17), which a caller connecting meanwhile waits for.
        try (Socket unconnected = new Socket()) {
            unconnected.setTcpNoDelay(true);
        } catch (java.io.IOException ignored) {
            // only loading classes
        }
        // Then the timer thread: a connect schedules its deadline on it at once, and starting a
        // thread waits until the new thread has run (on a busy machine, up to tens of ms); then the
        // latest needs, since a caller connecting at the same time loads the early ones itself.
        Watchdog.after(TimeUnit.HOURS.toNanos(1), NO_ACTION).cancel(false);
        // And the next connection's reader thread, so that the connecting caller need not wait for
        // a new thread to start.
        SpareThread.prestart();
        RfbSession.logger().isDebugEnabled();
        ClassLoader loader = VncClient.class.getClassLoader();
        for (String name : PRELOADED) {
            try {
                Class.forName(VncClient.class.getPackageName() + "." + name, true, loader);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // the connection will report it
            }
        }
        // Last, as the first frame comes last: its decoders compiled by the JIT.
        try {
            DecoderWarmUp.run();
        } catch (RuntimeException | LinkageError ignored) {
            // only warming up
        }
    }

    /**
     * As {@link #preload()}, first resolving the host of {@code hostAndPort} (as {@link
     * Builder#address} takes it), which the JDK then keeps for 30 s: a caller connecting meanwhile
     * finds it resolved. A malformed address or an unknown host is left for the connect to report.
     * Thread-safe, never throws.
     */
    public static void preload(String hostAndPort) {
        try {
            String host = hostOf(hostAndPort);
            if (!Settings.isLocalhost(host)) {
                InetAddress.getByName(host);
            }
        } catch (UnknownHostException | RuntimeException ignored) {
            // only resolving ahead
        }
        preload();
    }

    /** @return the host of a {@code HOST:PORT} address, an IPv6 literal's brackets removed */
    private static String hostOf(String hostAndPort) {
        int colon = hostAndPort == null ? -1 : hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("address must be HOST:PORT, got \"" + hostAndPort + "\"");
        }
        String h = hostAndPort.substring(0, colon);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** In the order a connection needs them, last first. */
    private static final String[] PRELOADED = {"VncLink", "RfbSession$Reader", "ZlibReader", "RectDecoder",
        "PixelFormat", "VncAuth", "DeadlineExceeded", "RfbInput", "ByteSource", "Handshake", "VncException$Phase",
        "VncException", "RfbSession", "Settings"};

    private static final Runnable NO_ACTION = new Runnable() {
        @Override
        public void run() {
            // a timer task that is cancelled at once
        }
    };

    /** @return a builder; {@link Builder#host(String)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the server as {@code host:port} */
    public String address() {
        return settings.address();
    }

    /**
     * @return the current framebuffer bounds in pixels (reconnects if needed); never waits for an
     *         update that is arriving
     * @throws VncException if the server cannot be reached
     */
    public Rect screenBounds() {
        return session().bounds();
    }

    /**
     * Whether the server may have drawn the pointer into the frames it sends: true until it sent a
     * cursor shape for this client to draw itself (servers that never do draw the pointer where it
     * is), and on TigerVNC servers that do not report pointer positions (1.12 and older draw the
     * pointer when something else than this client moved it). When true, park the pointer with
     * {@link #move} away from what a capture is for before capturing. Reconnects if needed.
     *
     * @throws VncException if the server cannot be reached
     */
    public boolean pointerMayBeInFrame() {
        return session().pointerMayBeInFrame();
    }

    /**
     * Whether the server reported a relative pointer (QEMU's pointer-mode extension: a guest with
     * a PS/2 mouse and no tablet device). Pointer input then fails with an {@link InputException}
     * before anything is sent, since absolute positions cannot be reached. Reconnects if needed.
     *
     * @throws VncException if the server cannot be reached
     */
    public boolean relativePointer() {
        return session().relativePointer();
    }

    /**
     * What this connection measured of the link (rate of pixel data, round trip) and the encoding
     * it offers first because of that. Unless encodings were set on the builder, the client starts
     * with Raw on loopback and with ZRLE elsewhere, then switches by what it measures on large
     * updates: Raw data slower than 12 MB/s puts ZRLE first, any large update faster than 24 MB/s
     * puts Raw first (the gap keeps a link near one mark from flipping the choice).
     * Reconnects if needed; a new connection measures afresh.
     *
     * @throws VncException if the server cannot be reached
     */
    public VncLink link() {
        return session().link();
    }

    /** @return the desktop name the server announced (reconnects if needed) */
    public String desktopName() {
        return session().desktopName();
    }

    /**
     * A fresh frame of the whole screen: requests the full framebuffer after this call began,
     * waits until all of it arrived, then until no update came for the quiet period (by default 0
     * on servers whose framebuffer is the screen, Xvnc and QEMU; 500 ms on servers that poll it,
     * like x11vnc, which report recent changes a little later), at most the settle limit; the
     * whole call ends within the capture timeout. After a resize the frame is the whole new
     * screen. One copy of the framebuffer; see {@link #pointerMayBeInFrame()} for the pointer.
     *
     * @throws VncException on timeout, connection loss (after one reconnect attempt), bad data, or
     *                      not enough heap for the copy (never an {@link Error})
     */
    @Override
    public Image capture() {
        return captureRegion(null);
    }

    /**
     * Like {@link #capture()} for {@code region} only: only that region is requested and copied.
     *
     * @throws IllegalArgumentException if {@code region} is not inside the screen
     */
    @Override
    public Image capture(Rect region) {
        return captureRegion(Objects.requireNonNull(region, "region"));
    }

    private Image captureRegion(Rect region) {
        long deadline = System.nanoTime() + settings.captureTimeout().toNanos();
        try {
            if (!captureLock.tryLock(settings.captureTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new VncException(address(), VncException.Phase.UPDATE, "another capture on this client was still"
                        + " running after the capture timeout of " + settings.captureTimeout().toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VncException(address(), VncException.Phase.UPDATE, "interrupted while waiting for another capture", e);
        }
        try {
            for (int attempt = 0; ; attempt++) {
                RfbSession s = session();
                try {
                    return s.capture(region, attempt == 0 ? deadline
                            : Math.max(deadline, System.nanoTime() + settings.captureTimeout().toNanos()));
                } catch (VncException e) {
                    // Retry once, on a new connection, only when the old one broke underneath
                    // (end of stream, reset); not after timeouts, bad data or close().
                    if (attempt > 0 || closed || s.alive() || !RfbSession.lostConnection(e)) {
                        throw e;
                    }
                    Log.LOG.info("VNC {}: connection lost during capture ({}); reconnecting", address(), e.getMessage());
                }
            }
        } catch (OutOfMemoryError e) {
            // The large allocations are checked beforehand; should one still fail, report a capture failure.
            throw new VncException(address(), VncException.Phase.UPDATE, "out of memory during a capture; raise -Xmx"
                    + " or lower maxPixels", null);
        } finally {
            captureLock.unlock();
        }
    }

    /** Moves the pointer to {@code point}, keeping buttons held. */
    @Override
    public void move(Point point) {
        synchronized (inputLock) {
            pointerX = point.x();
            pointerY = point.y();
            sendPointer(buttons);
        }
    }

    /** Presses {@code button} at the current pointer position. */
    @Override
    public void press(MouseButton button) {
        synchronized (inputLock) {
            buttons |= bit(button);
            sendPointer(buttons);
        }
    }

    /** Releases {@code button} at the current pointer position. */
    @Override
    public void release(MouseButton button) {
        synchronized (inputLock) {
            buttons &= ~bit(button);
            sendPointer(buttons);
        }
    }

    /** Scrolls: each notch is a press and release of wheel button 4 (up) or 5 (down). */
    @Override
    public void scroll(int notches) {
        synchronized (inputLock) {
            int wheel = notches < 0 ? WHEEL_UP : WHEEL_DOWN;
            for (int i = 0; i < Math.abs(notches); i++) {
                sendPointer(buttons | wheel);
                sendPointer(buttons);
            }
        }
    }

    /** Moves to {@code point} and clicks {@code button}; one pointer message each. */
    @Override
    public void click(Point point, MouseButton button) {
        synchronized (inputLock) {
            move(point);
            press(button);
            release(button);
        }
    }

    /** Moves to {@code point} and clicks the left button twice, without pause. */
    @Override
    public void doubleClick(Point point) {
        synchronized (inputLock) {
            click(point, MouseButton.LEFT);
            click(point, MouseButton.LEFT);
        }
    }

    /**
     * Types {@code text}: each character as a key press and release of its keysym (Latin-1 as
     * is, {@code \n} as Return, {@code \t} as Tab, other characters as Unicode keysyms
     * {@code 0x01000000 + code point}, which X servers such as TigerVNC's map on the fly).
     * Characters a US keyboard makes with Shift (capitals, {@code !@#$%^&*()_+{}|:"<>?~}) are
     * typed with Shift pressed around them, since servers that translate keysyms to scancodes
     * (QEMU, krfb, x0vncserver) do not add it themselves.
     *
     * <p>krfb (recognised by its desktop name) turns each keysym into the first key that makes it,
     * Shift or not: there a shifted character is typed as a US keyboard sends it, Shift
     * with the keysym of its unshifted key ({@code '<'} as Shift and {@code ','}), since the first
     * key making {@code '<'} may be the 102nd key, where it is unshifted.
     *
     * <p>QEMU and wayvnc (recognised by their desktop names) translate keysyms through a US keymap
     * and drop everything else; krfb and vino (recognised by RFB 3.7 with security type 18) type
     * only what the desktop's keymap has and drop the rest, which a viewer cannot see: on these
     * four only printable ASCII, Return, Tab and Backspace can be typed.
     *
     * @throws InputException before anything is sent, for a control character that has no key
     *                        or a character the server cannot receive (non-ASCII on QEMU, wayvnc,
     *                        krfb and vino)
     */
    @Override
    public void type(String text) {
        int[] codePoints = text.codePoints().toArray();
        int[] keysyms = new int[codePoints.length];
        RfbSession server;
        try {
            server = session();
        } catch (VncException e) {
            throw new InputException(e.getMessage(), e);
        }
        String asciiOnly = asciiOnly(server);
        // krfb maps each keysym to the first key code making it and adds no modifier: '<' lands on
        // the 102nd key where the keymap has one, and with Shift held becomes '>'.
        boolean byUsKeys = krfb(server.desktopName());
        for (int i = 0; i < codePoints.length; i++) {
            int cp = codePoints[i];
            keysyms[i] = Keysyms.forCodePoint(cp);
            if (keysyms[i] < 0) {
                throw new InputException("VNC " + address() + " input: cannot type character U+"
                        + String.format("%04X", cp) + " of \"" + text + "\" (a control character without a key);"
                        + " nothing was typed");
            }
            if (asciiOnly != null && cp > 0x7E) {
                throw new InputException("VNC " + address() + " input: cannot type character U+"
                        + String.format("%04X", cp) + " '" + new String(Character.toChars(cp)) + "' of \"" + text
                        + "\": " + asciiOnly + "; nothing was typed");
            }
        }
        synchronized (inputLock) {
            for (int i = 0; i < keysyms.length; i++) {
                boolean shift = Keysyms.usShifted(codePoints[i]);
                if (shift) {
                    sendKey(Keysyms.SHIFT_L, true);
                    if (byUsKeys) {
                        keysyms[i] = Keysyms.forCodePoint(Keysyms.usBase(codePoints[i]));
                    }
                }
                try {
                    sendKey(keysyms[i], true);
                    sendKey(keysyms[i], false);
                } finally {
                    if (shift) {
                        sendKey(Keysyms.SHIFT_L, false);
                    }
                }
            }
        }
    }

    /**
     * QEMU's VNC server maps keysyms through its (US) keymap and silently drops the rest; so does
     * wayvnc ("WayVNC"), whose virtual keyboard has a US keymap unless started with {@code -k};
     * krfb and vino drop keysyms the desktop's keymap lacks.
     *
     * @return why only ASCII can be typed on {@code server}, or null when any character can
     */
    private static String asciiOnly(RfbSession server) {
        String name = server.desktopName();
        if (name.startsWith("QEMU") || name.equals("WayVNC")) {
            return "this server (\"" + name + "\") maps keys through a US keyboard and drops other characters";
        }
        if (krfb(name)) {
            return "this server (krfb, \"" + name + "\") types only what the desktop's keymap has and drops"
                    + " the rest unseen";
        }
        if (server.vino()) {
            return "this server (vino: RFB 3.7 offering security type 18) types only what the desktop's keymap"
                    + " has and drops the rest unseen";
        }
        return null;
    }

    /** krfb names its desktop "user@host (shared desktop)". */
    private static boolean krfb(String desktopName) {
        return desktopName.endsWith(" (shared desktop)");
    }

    /** Presses a combination in xdotool syntax (see {@link InputInjector#keys}) and releases it in reverse. */
    @Override
    public void keys(String combination) {
        String[] names = combination.split("\\+", -1);
        int[] keysyms = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            String name = names[i].isEmpty() && names.length > 1 && i == names.length - 1 ? "+" : names[i];
            keysyms[i] = name.isEmpty() ? -1 : Keysyms.forName(name);
            if (keysyms[i] < 0) {
                throw new InputException("VNC " + address() + " input: unknown key name \"" + names[i]
                        + "\" in \"" + combination + "\"");
            }
        }
        synchronized (inputLock) {
            int pressed = 0;
            try {
                for (int k : keysyms) {
                    sendKey(k, true);
                    pressed++;
                }
            } finally {
                for (int i = pressed - 1; i >= 0; i--) {
                    sendKey(keysyms[i], false);
                }
            }
        }
    }

    /** Presses ({@code down}) or releases one X11 keysym. */
    public void key(int keysym, boolean down) {
        synchronized (inputLock) {
            sendKey(keysym, down);
        }
    }

    private static int bit(MouseButton b) {
        switch (b) {
            case LEFT:
                return 1;
            case MIDDLE:
                return 2;
            default:
                return 4;
        }
    }

    private void sendPointer(int mask) {
        for (int attempt = 0; ; attempt++) {
            RfbSession s = inputSession();
            if (s.relativePointer()) {
                throw new InputException("VNC " + address() + " input: the server reports a relative pointer (QEMU"
                        + " without a tablet device), so a click would not land at the point asked for; nothing was"
                        + " sent. Give the guest an absolute pointer (e.g. -device usb-tablet or virtio-tablet-pci)");
            }
            try {
                s.pointer(mask, pointerX, pointerY);
                return;
            } catch (VncException e) {
                if (attempt > 0 || closed) {
                    throw new InputException(e.getMessage(), e);
                }
                buttons = 0;
            }
        }
    }

    private void sendKey(int keysym, boolean down) {
        for (int attempt = 0; ; attempt++) {
            RfbSession s = inputSession();
            try {
                s.key(keysym, down);
                return;
            } catch (VncException e) {
                if (attempt > 0 || closed) {
                    throw new InputException(e.getMessage(), e);
                }
            }
        }
    }

    private RfbSession inputSession() {
        try {
            return session();
        } catch (VncException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** The live connection, reconnecting if needed (tests and diagnostics in this package). */
    RfbSession currentSession() {
        return session();
    }

    private RfbSession session() {
        RfbSession s = session;
        if (s != null && s.alive() && !closed) {
            return s;
        }
        try {
            long wait = settings.reconnectBudget().plus(settings.connectTimeout()).toNanos();
            if (!connectLock.tryLock(wait, TimeUnit.NANOSECONDS)) {
                throw new VncException(address(), VncException.Phase.CONNECT, "another call was still reconnecting", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VncException(address(), VncException.Phase.CONNECT, "interrupted while waiting to reconnect", e);
        }
        try {
            checkOpen();
            s = session;
            if (s != null && s.alive()) {
                return s;
            }
            VncException lost = s == null ? null : s.failure();
            if (s != null) {
                VncException untold = s.unreportedFailure();
                s.close();
                synchronized (stateLock) {
                    if (session == s) {
                        session = null;
                    }
                }
                if (untold != null) {
                    // The session died between calls (bad data, a stalled server, the reader's death):
                    // this call reports why; the next one reconnects.
                    throw new VncException(address(), untold.phase(), "the connection ended: " + untold.getMessage()
                            + " (the next call reconnects)", untold);
                }
            }
            Log.LOG.info("VNC {}: reconnecting after {}", address(), lost == null ? "close" : lost.getMessage());
            long deadline = System.nanoTime() + settings.reconnectBudget().toNanos();
            long delayMs = 100;
            while (true) {
                checkOpen();
                try {
                    RfbSession fresh = RfbSession.open(settings, connecting);
                    synchronized (stateLock) {
                        if (!closed) {
                            session = fresh;
                            return fresh;
                        }
                    }
                    fresh.close();
                    checkOpen();
                } catch (VncException e) {
                    checkOpen();
                    boolean retryable = !(e instanceof VncProtocolException)
                            && (e.phase() == VncException.Phase.CONNECT || RfbSession.lostConnection(e));
                    if (!retryable || System.nanoTime() + delayMs * 1_000_000 > deadline) {
                        throw e;
                    }
                    Log.LOG.debug("VNC {}: reconnect failed ({}), retrying in {} ms", address(), e.getMessage(), delayMs);
                    try {
                        if (closedSignal.await(delayMs, TimeUnit.MILLISECONDS)) {
                            checkOpen();
                        }
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                    delayMs = Math.min(delayMs * 2, 2000);
                }
            }
        } finally {
            connectLock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new VncException(address(), VncException.Phase.CONNECT, "the client is closed", null);
        }
    }

    /**
     * Closes the connection and stops the reader thread. Idempotent; later calls fail. Returns
     * promptly whatever the server or other threads are doing: it aborts a reconnect in progress
     * and never waits for a lock held across I/O.
     */
    @Override
    public void close() {
        RfbSession s;
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            session = null;
        }
        closedSignal.countDown();
        Socket pending = connecting.get();
        if (pending != null) {
            try {
                pending.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String toString() {
        return "VncClient[" + address() + "]";
    }

    /**
     * Builds a {@link VncClient}. Not thread-safe; setters reject bad values at once.
     */
    public static final class Builder {
        private String host;
        private int port = DEFAULT_PORT;
        private String username;
        private String password;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration captureTimeout = DEFAULT_CAPTURE_TIMEOUT;
        private Duration quietPeriod = DEFAULT_QUIET_PERIOD;
        private boolean quietPeriodExplicit;
        private Duration settleLimit = DEFAULT_SETTLE_LIMIT;
        private Duration reconnectBudget = DEFAULT_RECONNECT_BUDGET;
        private final Set<VncEncoding> encodings = new LinkedHashSet<>();
        private boolean shared = true;
        private KeyStore trustStore;
        private X509Certificate pinnedCertificate;
        private boolean anonymousTls;
        private int jpegQuality = -1;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private PixelFormat pixelFormat = PixelFormat.PREFERRED;
        private boolean oneShot;

        private Builder() {
        }

        /** The server's host name or IP address (required). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank: \"" + host + "\"");
            }
            this.host = host;
            return this;
        }

        /** The TCP port, 1..65535; default {@value #DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Host and port as {@code HOST:PORT} ({@code [v6]:PORT} for IPv6); a port below 100 is a
         * display number ({@code :1} is port 5901).
         */
        public Builder address(String hostAndPort) {
            String h = hostOf(hostAndPort);
            int p;
            try {
                p = Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address must be HOST:PORT, got \"" + hostAndPort + "\"", e);
            }
            return host(h).port(p < 100 && p >= 0 ? DEFAULT_PORT + p : p);
        }

        /** The VNC password (VNC authentication uses its first 8 characters); also the Plain password. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The user name for VeNCrypt Plain (X509Plain, TLSPlain); the password goes with it. */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /** Time for the TCP connect and the whole handshake together, 1 ms..1 h; default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * Longest time one server message may take from its first byte to its last, and one read
         * during the handshake or one write may block, 1 ms..1 h; default 10 s.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        /** Longest time a capture takes (request, pixels, quiet period, copy), 1 ms..1 h; default 10 s. */
        public Builder captureTimeout(Duration timeout) {
            this.captureTimeout = positive("captureTimeout", timeout);
            return this;
        }

        /**
         * Quiet period a capture waits for after the requested pixels arrived, 0..10 s. Unless set,
         * it is chosen per server: 0 for servers that speak TigerVNC's fence extension (Xvnc, whose
         * framebuffer is the screen itself, so the answer to a request sent after the call is
         * fresh), else {@link #DEFAULT_QUIET_PERIOD} (500 ms, enough for polling servers such as
         * x11vnc, which report changes a little late).
         */
        public Builder quietPeriod(Duration quiet) {
            this.quietPeriod = range("quietPeriod", quiet, Duration.ZERO, Duration.ofSeconds(10));
            this.quietPeriodExplicit = true;
            return this;
        }

        /** Upper bound on waiting for the quiet period (a screen that never stops changing), 0..60 s; default 2 s. */
        public Builder settleLimit(Duration limit) {
            this.settleLimit = range("settleLimit", limit, Duration.ZERO, Duration.ofSeconds(60));
            return this;
        }

        /** Time spent reconnecting with backoff after a lost connection, 0..10 min; default 10 s. */
        public Builder reconnectBudget(Duration budget) {
            this.reconnectBudget = range("reconnectBudget", budget, Duration.ZERO, Duration.ofMinutes(10));
            return this;
        }

        /**
         * The encodings to offer, most preferred first; Raw is always added last, since every
         * server may send it. Unless set, chosen by the link and measured ({@link VncClient#link()}):
         * on fast links only Raw and CopyRect (copying 8 MB is faster than any server compresses
         * it, and TigerVNC uses a compressed encoding whenever one is offered); on slow ones ZRLE,
         * Tight, Hextile, Zlib, RRE, CopyRect.
         */
        public Builder encodings(VncEncoding... preferred) {
            if (preferred.length == 0) {
                throw new IllegalArgumentException("encodings must not be empty");
            }
            encodings.clear();
            for (VncEncoding e : preferred) {
                encodings.add(Objects.requireNonNull(e, "encoding"));
            }
            return this;
        }

        /** Whether other viewers stay connected (ClientInit shared flag); default true. */
        public Builder shared(boolean shared) {
            this.shared = shared;
            return this;
        }

        /**
         * Whether this client serves one capture in a fresh process, as a command-line screenshot
         * does; default false. Then, on loopback, the first frame is asked as Hextile (Raw from the
         * second on): a JVM that has not run the decoders yet receives a screen's Hextile and
         * decodes it faster than its 8 MB of Raw (measured as whole processes: 5-10 ms less on
         * text and dashboard pages, no slower on noise), while a warm client takes Raw faster.
         * Encodings set with {@link #encodings} take precedence.
         */
        public Builder oneShot(boolean oneShot) {
            this.oneShot = oneShot;
            return this;
        }

        /** Trust store for VeNCrypt X509 sub-types; the host name is verified against the certificate. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /** Accept exactly this server certificate for VeNCrypt X509 sub-types (no host name check). */
        public Builder pinnedCertificate(X509Certificate certificate) {
            this.pinnedCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /**
         * Allow VeNCrypt's anonymous TLS sub-types (TLSNone, TLSVnc, TLSPlain); default false.
         * Unauthenticated encryption: anyone in the middle can read along. The JDK disables
         * anonymous cipher suites by default ({@code jdk.tls.disabledAlgorithms}); unless the JVM's
         * security properties allow them, such a handshake fails with a clear error.
         */
        public Builder allowAnonymousTls(boolean allow) {
            this.anonymousTls = allow;
            return this;
        }

        /** Let Tight use JPEG at quality 0..9 (lossy!); default off (-1): all captures are exact. */
        public Builder tightJpegQuality(int quality) {
            if (quality < -1 || quality > 9) {
                throw new IllegalArgumentException("tightJpegQuality must be -1 (off) or 0..9, got " + quality);
            }
            this.jpegQuality = quality;
            return this;
        }

        /**
         * Largest framebuffer accepted, in pixels; default 7680x4320. Independently, the
         * framebuffer and one capture (8 bytes per pixel) must fit in half of the maximum heap.
         */
        public Builder maxPixels(long pixels) {
            if (pixels < 1 || pixels > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maxPixels must be 1.." + (Integer.MAX_VALUE - 16) + ", got " + pixels);
            }
            this.maxPixels = pixels;
            return this;
        }

        /** Test hook: ask for this pixel format instead of 32-bit, or keep the server's (null). */
        Builder pixelFormat(PixelFormat format) {
            this.pixelFormat = format;
            return this;
        }

        private static Duration positive(String name, Duration d) {
            return range(name, d, Duration.ofMillis(1), Duration.ofHours(1));
        }

        private static Duration range(String name, Duration d, Duration min, Duration max) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + d);
            }
            return d;
        }

        Settings settings() {
            if (host == null) {
                throw new IllegalStateException("host is required: call host(...) or address(\"HOST:PORT\")");
            }
            if (username != null && password == null) {
                throw new IllegalStateException("username is set but no password: VeNCrypt Plain needs both");
            }
            boolean encodingsExplicit = !encodings.isEmpty();
            List<VncEncoding> list = new ArrayList<>(encodings.isEmpty()
                    ? List.of(VncEncoding.ZRLE, VncEncoding.TIGHT, VncEncoding.HEXTILE, VncEncoding.ZLIB,
                            VncEncoding.RRE, VncEncoding.COPY_RECT)
                    : encodings);
            list.remove(VncEncoding.RAW);
            list.add(VncEncoding.RAW);
            return new Settings(host, port, username, password, connectTimeout, readTimeout, captureTimeout,
                    quietPeriod, quietPeriodExplicit, settleLimit, reconnectBudget,
                    codes(list), encodingsExplicit,
                    shared, trustStore, pinnedCertificate, anonymousTls, jpegQuality, maxPixels, pixelFormat, oneShot);
        }

        private static int[] codes(List<VncEncoding> list) {
            int[] codes = new int[list.size()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = list.get(i).code();
            }
            return codes;
        }

        /**
         * Connects and runs the handshake once (no retries).
         *
         * @throws IllegalStateException if the host is missing or settings conflict
         * @throws VncException if the server cannot be reached, refuses us, or speaks no RFB
         */
        public VncClient connect() {
            Settings s = settings();
            return new VncClient(s, RfbSession.open(s, null));
        }
    }
}
