package dev.healing.core.vnc;

import dev.healing.api.Image;
import dev.healing.api.Rect;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;

/**
 * Internal: one live RFB connection. A daemon reader thread applies server messages to the
 * framebuffer; callers request updates and send input. Thread-safe. Once failed or closed it
 * stays so; {@link VncClient} replaces it.
 *
 * <p>Locks: {@code lock} guards the small state (failure, capture bookkeeping) and is never held
 * across I/O; {@code fbLock} guards the framebuffer and is held by the reader for one update at
 * a time, which the per-message deadline bounds; captures wait for it at most until their own
 * deadline. {@link #close()} takes neither across anything that blocks.
 */
final class RfbSession {
    /** The logger, obtained at first use: slf4j's start-up is tens of ms of a one-shot capture process. */
    private static final class Log {
        static final Logger LOG = VncLog.of(RfbSession.class);
    }

    /** @return this class's logger (obtained now if not yet) */
    static Logger logger() {
        return Log.LOG;
    }

    static final int ENC_CURSOR = -239;
    static final int ENC_DESKTOP_SIZE = -223;
    static final int ENC_LAST_RECT = -224;
    static final int ENC_EXTENDED_DESKTOP_SIZE = -308;
    private static final int ENC_FENCE = -312;
    static final int ENC_POINTER_POS = -232;
    static final int ENC_QEMU_POINTER_MOTION_CHANGE = -257;
    private static final int MSG_FENCE = 248;
    private static final int FENCE_REQUEST = 0x80000000;
    private static final int FENCE_FLAGS_KNOWN = 0x7;
    /**
     * Offered first on loopback and after a fast link was measured: Raw (and CopyRect) only, since copying 8 MB is faster than any server compresses
     * it, and TigerVNC picks its own compressed encoding whenever one is offered.
     */
    private static final int[] FAST_LINK_ENCODINGS = {RectDecoder.RAW, RectDecoder.COPY_RECT};
    /** Offered for the first frame of a one-shot client on loopback (see {@link VncClient.Builder#oneShot}). */
    private static final int[] ONE_SHOT_FIRST_FRAME_ENCODINGS = {RectDecoder.HEXTILE, RectDecoder.RAW};
    /** Raw data measured below this rate (bytes/s): the link is slow, compressed encodings go first. */
    static final long SLOW_LINK_BYTES_PER_SECOND = 12L << 20;
    /**
     * Data measured above this rate (bytes/s, even compressed): the link is fast, Raw goes first.
     * Twice the slow mark, so that a link near one mark does not flip the encoding at every update.
     */
    static final long FAST_LINK_BYTES_PER_SECOND = 24L << 20;
    /** Smallest Raw update that measures the link (bytes); smaller ones are mostly latency. */
    private static final long RAW_SAMPLE_BYTES = 256 << 10;
    /** Smallest compressed update that measures the link (bytes). */
    private static final long COMPRESSED_SAMPLE_BYTES = 64 << 10;
    private static final int MAX_CUT_TEXT = 16 * 1024 * 1024;
    static final int MAX_CURSOR_PIXELS = 1 << 20;
    private static final long READER_JOIN_MILLIS = 500;
    /**
     * Longest silence after the server resized the screen during a capture before the connection
     * is given up and the capture retried on a new one (a last resort: see
     * {@link #RESIZE_ASK_AGAIN_NANOS}). Servers that answer send the new screen within milliseconds.
     */
    private static final long RESIZE_SILENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    /**
     * Silence after which a capture asks again for its region while no pixels have arrived since a
     * resize: libvncserver (vino) keeps a request for the old size across the resize, merges the
     * next request into it and drops the update that reaches beyond the new screen, so the first
     * request after a shrink goes unanswered; the one after it is answered.
     */
    private static final long RESIZE_ASK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Settings settings;
    private final String address;
    private final Socket socket;
    private final Socket rawSocket;
    private final RfbInput in;
    private final OutputStream out;
    private final PixelFormat format;
    private final RectDecoder decoder;
    private final String desktopName;
    private final boolean vino;
    private final String messageOverdue;
    /** The arguments of the "connected" debug line, which the reader logs after the first message. */
    private final Object[] connected;
    private final Object lock = new Object();
    private final Object writeLock = new Object();
    private final ReentrantLock fbLock = new ReentrantLock();
    private final AtomicBoolean failureReported = new AtomicBoolean();
    private volatile Thread reader;
    private volatile Rect bounds;
    private volatile VncException failure;
    private volatile boolean fenceOffered;
    private volatile boolean cursorShapeSeen;
    private volatile boolean pointerPosSeen;
    private volatile boolean qemuPointerMode;
    private volatile boolean relativePointer;
    private volatile boolean rawFirst;
    /** Whether ExtendedDesktopSize was offered: after the first update with pixels (see sendEncodings). Reader only. */
    private boolean extendedSizeOffered;
    // set once by sendSetup: a one-shot client on loopback asks for its first frame as Hextile
    private boolean hextileFirstFrame;
    private volatile long linkRate = -1;
    private volatile boolean linkRateLowerBound;
    private boolean rawMeasuredSlow;
    private volatile long roundTripNanos = -1;
    private volatile long fullRequestNanos;
    // reader thread only: the largest size before a resize, for stale Raw answers after a shrink
    private int staleWidth;
    private int staleHeight;

    // written under lock
    private volatile boolean closed;
    private long updates;
    private long lastUpdateNanos;
    private Rect settleRegion;
    private boolean settleWhole;
    private boolean settleLost;
    private boolean settleNeedsFull;
    private long captureGeneration;
    private long covered;
    private long coveredAtNanos;
    /** When the server resized the screen during the current capture (0: it did not), and the update count then. */
    private long resizedAtNanos;
    private long updatesAtResize;
    /** Whether the screen was resized and no pixels have arrived since (see RESIZE_ASK_AGAIN_NANOS). */
    private boolean awaitingPixelsAfterResize;

    private RfbSession(Settings settings, Socket rawSocket, Handshake hs) {
        this.settings = settings;
        this.address = settings.address();
        this.socket = hs.socket();
        this.rawSocket = rawSocket;
        this.in = hs.in;
        this.out = hs.out;
        this.format = settings.requestedFormat() != null ? settings.requestedFormat() : hs.serverFormat;
        this.decoder = new RectDecoder(format, settings.jpegQuality() >= 0, hs.width, hs.height);
        this.bounds = new Rect(0, 0, hs.width, hs.height);
        this.desktopName = hs.desktopName;
        this.vino = hs.vino;
        this.connected = new Object[] {address, hs.minor, hs.securityType, hs.width, hs.height, hs.desktopName, format};
        this.messageOverdue = "a server message took longer than the read timeout of "
                + settings.readTimeout().toMillis() + " ms (the server sends too slowly or too much)";
    }

    /**
     * Connects, runs the handshake, sets the pixel format and encodings and starts the reader,
     * all within the connect timeout, whatever the server does.
     *
     * @param pending receives the socket while it connects, so that a concurrent close can abort it; may be null
     * @throws VncException naming the phase that failed
     */
    static RfbSession open(Settings settings, AtomicReference<Socket> pending) {
        String address = settings.address();
        long timeout = settings.connectTimeout().toNanos();
        long deadline = System.nanoTime() + timeout;
        Socket socket = new Socket();
        if (pending != null) {
            pending.set(socket);
        }
        // Reads stop at the deadline by themselves; this also ends a stalled TLS handshake or write.
        HandshakeExpiry expired = new HandshakeExpiry(socket);
        ScheduledFuture<?> watchdog = Watchdog.after(timeout, expired);
        try {
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int) settings.readTimeout().toMillis());
                socket.connect(settings.socketAddress(),
                        (int) settings.connectTimeout().toMillis());
            } catch (IOException e) {
                closeQuietly(socket);
                throw new VncException(address, VncException.Phase.CONNECT, "cannot connect: " + e.getMessage(), e);
            }
            RfbSession session;
            try {
                session = negotiate(settings, socket, socket.getInputStream(), socket.getOutputStream(), deadline);
            } catch (IOException e) {
                closeQuietly(socket);
                throw new VncException(address, VncException.Phase.HANDSHAKE, e.getMessage(), e);
            }
            watchdog.cancel(false);
            if (expired.get()) {
                session.close();
                throw overdue(settings, VncException.Phase.HANDSHAKE, null);
            }
            session.start();
            return session;
        } catch (VncException e) {
            closeQuietly(socket);
            if (expired.get() && !e.getMessage().contains("connect timeout")) {
                throw overdue(settings, e.phase(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        } finally {
            watchdog.cancel(false);
            if (pending != null) {
                pending.compareAndSet(socket, null);
            }
        }
    }

    /** The connect watchdog's action: closes the socket (a class, not a lambda: see {@link Watchdog}). */
    private static final class HandshakeExpiry extends AtomicBoolean implements Runnable {
        private static final long serialVersionUID = 1L;
        private final transient Socket socket;

        HandshakeExpiry(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            set(true);
            closeQuietly(socket);
        }
    }

    private static VncException overdue(Settings settings, VncException.Phase phase, Throwable cause) {
        return new VncException(settings.address(), phase, "the server did not complete the handshake within the"
                + " connect timeout of " + settings.connectTimeout().toMillis() + " ms", cause);
    }

    /** Like {@link #negotiate(Settings, Socket, InputStream, OutputStream, long)} with the connect timeout from now. */
    static RfbSession negotiate(Settings settings, Socket socket, InputStream rawIn, OutputStream rawOut) {
        return negotiate(settings, socket, rawIn, rawOut, System.nanoTime() + settings.connectTimeout().toNanos());
    }

    /**
     * Runs the handshake over the given streams and sends the client's settings; does not start
     * the reader (tests drive {@link #readMessage()} themselves).
     *
     * @param socket   the socket under the streams (needed for TLS and read deadlines), or null
     * @param deadline {@link System#nanoTime()} by which the handshake must be done
     */
    static RfbSession negotiate(Settings settings, Socket socket, InputStream rawIn, OutputStream rawOut, long deadline) {
        Handshake hs = new Handshake(settings, socket, rawIn, rawOut, deadline);
        try {
            hs.run();
        } catch (IOException e) {
            closeQuietly(hs.socket());
            throw translate(settings.address(), hs.phase, e);
        }
        RfbSession session = new RfbSession(settings, socket, hs);
        try {
            session.sendSetup();
        } catch (IOException e) {
            session.closeNow();
            throw translate(settings.address(), VncException.Phase.HANDSHAKE, e);
        }
        return session;
    }

    static VncException translate(String address, VncException.Phase phase, Throwable e) {
        if (e instanceof VncException) {
            return (VncException) e;
        }
        if (e instanceof ProtocolViolation) {
            return new VncProtocolException(address, phase, e.getMessage(), e);
        }
        if (e instanceof Handshake.Refused || e instanceof DeadlineExceeded) {
            return new VncException(address, phase, e.getMessage(), e);
        }
        if (e instanceof SocketTimeoutException) {
            return new VncException(address, phase, "timed out waiting for the server", e);
        }
        if (e instanceof EOFException) {
            return new VncException(address, phase, "connection closed by the server", e);
        }
        if (e instanceof SSLException) {
            return new VncException(address, phase, "TLS failed: " + e.getMessage(), e);
        }
        if (e instanceof OutOfMemoryError) {
            return new VncException(address, phase, "out of memory (" + e.getMessage() + "); the connection is closed"
                    + " (raise -Xmx or lower maxPixels)", e);
        }
        if (e instanceof Error) {
            return new VncException(address, phase, "the reader thread died: " + e, e);
        }
        if (e instanceof RuntimeException) {
            return new VncProtocolException(address, phase, "cannot decode server data: " + e, e);
        }
        return new VncException(address, phase, String.valueOf(e.getMessage()), e);
    }

    private void sendSetup() throws IOException {
        if (settings.requestedFormat() != null) {
            write(ByteBuffer.allocate(20).put((byte) 0).put(new byte[3]).put(format.encode()).array());
        }
        // The first guess, by address, measured from the first large update on (see adapt). Only
        // loopback starts on Raw: a slow link behind a private address (a VPN) would spend the
        // first frame's whole capture timeout on 8 MB of Raw.
        java.net.InetAddress peer = rawSocket == null ? null : rawSocket.getInetAddress();
        rawFirst = !settings.encodingsExplicit() && peer != null && peer.isLoopbackAddress();
        hextileFirstFrame = rawFirst && settings.oneShot();
        sendEncodings(currentEncodings());
    }

    /**
     * Sends SetEncodings: {@code encodings} and the pseudo-encodings. ExtendedDesktopSize only once
     * {@link #extendedSizeOffered}: offered before the first frame, TigerVNC answers the first
     * request with a pseudo-rectangle alone and the frame only to the next request, one tick of its
     * frame clock later (~20 ms of a one-shot screenshot). DesktopSize covers resizes meanwhile.
     */
    private void sendEncodings(int[] encodings) throws IOException {
        int[] pseudo = {ENC_CURSOR, ENC_DESKTOP_SIZE, ENC_EXTENDED_DESKTOP_SIZE, ENC_LAST_RECT, ENC_FENCE,
            ENC_POINTER_POS, ENC_QEMU_POINTER_MOTION_CHANGE, -32 + settings.jpegQuality()};
        int pseudoCount = settings.jpegQuality() >= 0 ? pseudo.length : pseudo.length - 1;
        int count = encodings.length + pseudoCount - (extendedSizeOffered ? 0 : 1);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * count);
        b.put((byte) 2).put((byte) 0).putShort((short) count);
        for (int e : encodings) {
            b.putInt(e);
        }
        for (int i = 0; i < pseudoCount; i++) {
            if (pseudo[i] != ENC_EXTENDED_DESKTOP_SIZE || extendedSizeOffered) {
                b.putInt(pseudo[i]);
            }
        }
        write(b.array());
    }

    /** @return the encodings offered now, pseudo-encodings aside */
    private int[] currentEncodings() {
        if (hextileFirstFrame && !extendedSizeOffered) {
            // before the first frame (SetEncodings goes again after it, see update)
            return ONE_SHOT_FIRST_FRAME_ENCODINGS;
        }
        return rawFirst ? FAST_LINK_ENCODINGS : settings.encodings();
    }

    /**
     * @return the quiet period of this connection: as set, or by default 0 where the server's
     *         framebuffer is the screen and a request sent after the call is answered fresh: servers
     *         speaking fences (Xvnc) or QEMU's pointer-mode extension (QEMU, whose blinking text
     *         cursor would otherwise hold every capture to the settle limit)
     */
    long quietNanos() {
        return settings.quietPeriodExplicit() || !(fenceOffered || qemuPointerMode) ? settings.quietPeriod().toNanos() : 0;
    }

    /** @return whether the server said its pointer is relative (QEMU without a tablet device) */
    boolean relativePointer() {
        return relativePointer;
    }

    /**
     * @return whether the server may draw the pointer into the framebuffer: until it sent a cursor
     *         shape, and on TigerVNC servers (fences) that never sent a pointer position, since
     *         those (before 1.13) draw the pointer whenever something else than this client moved it
     */
    boolean pointerMayBeInFrame() {
        return !cursorShapeSeen || fenceOffered && !pointerPosSeen;
    }

    /** @return whether the server offered TigerVNC's fence extension */
    boolean fenceOffered() {
        return fenceOffered;
    }

    /** @return whether Raw is the preferred encoding now (a fast link, guessed or measured) */
    boolean rawFirst() {
        return rawFirst;
    }

    /** @return what was measured of the link and the encoding offered first now */
    VncLink link() {
        VncEncoding first = VncEncoding.RAW;
        int code = rawFirst ? RectDecoder.RAW : settings.encodings()[0];
        for (VncEncoding e : VncEncoding.values()) {
            if (e.code() == code) {
                first = e;
            }
        }
        long rtt = roundTripNanos;
        return new VncLink(first, linkRate, linkRateLowerBound, rtt < 0 ? -1 : rtt / 1000, !settings.encodingsExplicit());
    }

    private void start() {
        reader = SpareThread.start(new Reader(), "vnc-reader-" + address);
    }

    /** @return whether the server looks like vino (see {@link Handshake#vino}) */
    boolean vino() {
        return vino;
    }

    String desktopName() {
        return desktopName;
    }

    boolean alive() {
        return failure == null;
    }

    VncException failure() {
        return failure;
    }

    /**
     * @return the failure if no caller has been told of it yet and it is not a plain loss of the
     *         connection (which the client repairs silently by reconnecting), else null
     */
    VncException unreportedFailure() {
        VncException f = failure;
        if (f == null || closedByClient() || lostConnection(f) || !failureReported.compareAndSet(false, true)) {
            return null;
        }
        return f;
    }

    private boolean closedByClient() {
        synchronized (lock) {
            return closed;
        }
    }

    /** @return whether {@code f} is the connection breaking underneath (end of stream, reset), not a timeout or bad data */
    static boolean lostConnection(VncException f) {
        Throwable c = f.getCause();
        return c instanceof IOException && !(f instanceof VncProtocolException) && !(c instanceof SocketTimeoutException)
                && !(c instanceof Handshake.Refused);
    }

    /** @return the current framebuffer size; never blocks */
    Rect bounds() {
        return bounds;
    }

    /** @return how many rectangles of {@code encoding} (0..16) this connection decoded */
    long rectCount(int encoding) {
        fbLock.lock();
        try {
            return decoder.rectCount(encoding);
        } finally {
            fbLock.unlock();
        }
    }

    /** @return the number of framebuffer updates applied so far */
    long updateCount() {
        synchronized (lock) {
            return updates;
        }
    }

    /** @return a copy of the framebuffer as it is now, without requesting anything (tests) */
    Image snapshot() {
        fbLock.lock();
        try {
            return Image.wrap(decoder.width, decoder.height, decoder.lend());
        } finally {
            fbLock.unlock();
        }
    }

    /** The reader thread's body (a class, not a method reference: see {@link Watchdog}). */
    private final class Reader implements Runnable {
        @Override
        public void run() {
            readLoop();
        }
    }

    private void readLoop() {
        try {
            fbLock.lock();
            try {
                decoder.allocate();
            } finally {
                fbLock.unlock();
            }
            boolean announced = false;
            while (!closedByClient()) {
                readMessage();
                // Logged here, once the first framebuffer update was handed over, not in connect()
                // nor after the first message (TigerVNC's first is a fence, before the frame):
                // starting the logging backend takes a cold JVM tens of ms.
                if (!announced && updateCount() > 0) {
                    announced = true;
                    Log.LOG.debug("VNC {} connected: RFB 3.{}, security {}, {}x{} \"{}\", {}", connected);
                }
            }
        } catch (Throwable e) {
            // Any Throwable, Errors included, ends the session; its cause goes to the next call.
            if (!closedByClient()) {
                VncException f = translate(address, VncException.Phase.UPDATE, e);
                Log.LOG.debug("VNC {} reader stopped: {}", address, f.getMessage());
                fail(f);
            }
        }
    }

    /**
     * Reads and applies one server message. Once its first byte arrived, the whole message must
     * arrive within the read timeout.
     *
     * @return false if the read timed out while the server was idle (no message started)
     */
    boolean readMessage() throws IOException {
        int type;
        try {
            type = in.u8();
        } catch (SocketTimeoutException e) {
            return false;
        }
        in.deadline(System.nanoTime() + settings.readTimeout().toNanos(), messageOverdue);
        try {
            switch (type) {
                case 0: {
                    long asked = fullRequestNanos;
                    if (asked != 0) {
                        long rtt = System.nanoTime() - asked;
                        roundTripNanos = roundTripNanos < 0 ? rtt : Math.min(roundTripNanos, rtt);
                        fullRequestNanos = 0;
                    }
                    while (update()) {
                        // the next update began where the last one was cut short
                    }
                    break;
                }
                case 1: {
                    in.u8();
                    in.u16();
                    int n = in.u16();
                    in.skip(6L * n);
                    break;
                }
                case 2:
                    break;
                case MSG_FENCE:
                    fence();
                    break;
                case 3: {
                    in.skip(3);
                    int len = in.s32();
                    if (len < 0 || len > MAX_CUT_TEXT) {
                        throw new ProtocolViolation("ServerCutText length " + Integer.toUnsignedString(len) + " is absurd");
                    }
                    in.skip(len);
                    break;
                }
                default:
                    throw new ProtocolViolation("unknown server message type " + type);
            }
        } finally {
            in.clearDeadline();
        }
        return true;
    }

    /** Answers a ServerFence request at once: this client handles messages strictly in order. */
    private void fence() throws IOException {
        in.skip(3);
        int flags = in.s32();
        int length = in.u8();
        if (length > 64) {
            throw new ProtocolViolation("fence payload of " + length + " bytes is longer than 64");
        }
        byte[] payload = new byte[length];
        in.readFully(payload, 0, length);
        fenceOffered = true;
        if ((flags & FENCE_REQUEST) != 0) {
            write(ByteBuffer.allocate(9 + length).put((byte) MSG_FENCE).put(new byte[3]).putInt(flags & FENCE_FLAGS_KNOWN)
                    .put((byte) length).put(payload).array());
        }
    }

    /**
     * Reads and applies one FramebufferUpdate after its type byte.
     *
     * @return whether the message was cut short and another FramebufferUpdate follows, its type byte read
     */
    private boolean update() throws IOException {
        long startWait = in.waitNanos();
        long startBytes = in.received();
        long rawBytes = 0;
        in.u8();
        int count = in.u16();
        long generation;
        Rect region;
        synchronized (lock) {
            generation = captureGeneration;
            region = settleRegion;
        }
        long cover = 0;
        int pixelRects = 0;
        boolean resized = false;
        int pixelRectsAtResize = -1;
        // whether every rectangle so far was a cursor shape or position (see CutShortUpdate)
        boolean cursorOnly = true;
        boolean cutShort = false;
        fbLock.lock();
        try {
            decoder.allocate();
            for (int i = 0; i < count; i++) {
                if (i > 0 && cursorOnly && CutShortUpdate.startsHere(in, new CutShortUpdate.Screen(decoder.width,
                        decoder.height, staleWidth, staleHeight, format.bytesPerPixel))) {
                    Log.LOG.debug("VNC {}: the server sent {} of the {} rectangles it announced; a new update begins",
                            address, i, count);
                    in.skip(1);
                    cutShort = true;
                    break;
                }
                int x = in.u16();
                int y = in.u16();
                int w = in.u16();
                int h = in.u16();
                int encoding = in.s32();
                if (encoding == ENC_LAST_RECT) {
                    break;
                }
                cursorOnly &= encoding == ENC_CURSOR || encoding == ENC_POINTER_POS;
                if (encoding == ENC_DESKTOP_SIZE) {
                    if (resize(w, h)) {
                        resized = true;
                        pixelRectsAtResize = pixelRects;
                    }
                } else if (encoding == ENC_EXTENDED_DESKTOP_SIZE) {
                    int screens = in.u8();
                    in.skip(3 + 16L * screens);
                    if (!(x == 1 && y != 0) && resize(w, h)) {
                        resized = true;
                        pixelRectsAtResize = pixelRects;
                    }
                } else if (encoding == ENC_CURSOR) {
                    if ((long) w * h > MAX_CURSOR_PIXELS) {
                        throw new ProtocolViolation("cursor of " + w + "x" + h + " pixels is absurd");
                    }
                    in.skip((long) w * h * format.bytesPerPixel + (long) (w + 7) / 8 * h);
                    cursorShapeSeen = true;
                } else if (encoding == ENC_POINTER_POS) {
                    // where the pointer is now; a server that says so leaves drawing it to the viewer
                    pointerPosSeen = true;
                    continue;
                } else if (encoding == ENC_QEMU_POINTER_MOTION_CHANGE) {
                    // QEMU: x = 1 for an absolute pointer (tablet), 0 for a relative one (PS/2 mouse)
                    qemuPointerMode = true;
                    relativePointer = x == 0;
                    continue;
                } else {
                    if ((x + w > decoder.width || y + h > decoder.height) && encoding == RectDecoder.RAW
                            && x + w <= staleWidth && y + h <= staleHeight) {
                        // An answer, at the old size, to a request sent before the server shrank the
                        // screen (wayvnc 0.5 does not clip it): skip it and ask for the new screen.
                        Log.LOG.debug("VNC {}: skipped a Raw rectangle {},{} {}x{} of the size before the resize",
                                address, x, y, w, h);
                        in.skip((long) w * h * format.bytesPerPixel);
                        resized = true;
                        continue;
                    }
                    if (x + w > decoder.width || y + h > decoder.height) {
                        throw new ProtocolViolation("rectangle " + x + "," + y + " " + w + "x" + h + " (encoding "
                                + encoding + ") is outside the " + decoder.width + "x" + decoder.height + " framebuffer");
                    }
                    decoder.decode(in, encoding, x, y, w, h);
                    pixelRects++;
                    if (encoding == RectDecoder.RAW) {
                        rawBytes += (long) w * h * format.bytesPerPixel;
                    }
                    // After a resize only a fresh full request counts: the region no longer fits.
                    if (region != null && !resized && w > 0 && h > 0) {
                        long ix = Math.max(0, Math.min(x + w, region.right()) - Math.max(x, region.x()));
                        long iy = Math.max(0, Math.min(y + h, region.bottom()) - Math.max(y, region.y()));
                        cover += ix * iy;
                    }
                }
            }
        } finally {
            fbLock.unlock();
        }
        adapt(rawBytes, in.received() - startBytes, in.waitNanos() - startWait);
        Rect r;
        boolean again;
        boolean full;
        synchronized (lock) {
            updates++;
            lastUpdateNanos = System.nanoTime();
            if (pixelRectsAtResize >= 0) {
                awaitingPixelsAfterResize = pixelRects == pixelRectsAtResize;
            } else if (pixelRects > 0) {
                awaitingPixelsAfterResize = false;
            }
            if (resized && settleRegion != null) {
                Rect all = bounds;
                covered = 0;
                coveredAtNanos = 0;
                resizedAtNanos = lastUpdateNanos;
                updatesAtResize = updates;
                if (settleWhole) {
                    settleRegion = all;
                    settleNeedsFull = true;
                } else if (!all.contains(settleRegion)) {
                    settleLost = true;
                } else {
                    settleNeedsFull = true;
                }
            } else if (region != null && generation == captureGeneration) {
                covered += cover;
            }
            if (settleRegion != null && covered >= area(settleRegion) && coveredAtNanos == 0) {
                coveredAtNanos = lastUpdateNanos;
            }
            // Decided under the same lock as the update, so that a capture starting right after
            // it sends its own request and this one does not add a second (the backlog of extra
            // full frames would delay every later capture). Servers answer one request with one
            // update, and some (TigerVNC) answer the first request with a pseudo-rectangle only:
            // ask again until the region has arrived, then only while a capture waits for quiet.
            // After a resize, ask for the whole new region afresh (never for the old size).
            r = settleRegion;
            full = settleNeedsFull;
            settleNeedsFull = false;
            again = r != null && !settleLost && (full || covered < area(r) || quietNanos() != 0);
            lock.notifyAll();
        }
        if (again) {
            requestUpdate(!full, r);
        }
        // after the frame (and any request for the rest of it): see sendEncodings
        if (pixelRects > 0 && !extendedSizeOffered) {
            extendedSizeOffered = true;
            sendEncodings(currentEncodings());
        }
        return cutShort;
    }

    /**
     * Measures the link on a large update and switches the encodings when the measurement says so:
     * Raw data below {@link #SLOW_LINK_BYTES_PER_SECOND} puts compressed encodings first (for the
     * rest of the connection); any large update, even compressed, above
     * {@link #FAST_LINK_BYTES_PER_SECOND} puts Raw first unless Raw was measured slow. The rate is taken
     * from the update's first byte to its last, so the round trip and the server's preparation do
     * not count, and only the time spent waiting for bytes does: decoding slower than the link
     * delivers (a cold JVM) does not make the link look slow. Encodings set on the builder are
     * never changed. Reader thread only.
     *
     * @param rawBytes  bytes of Raw pixel data in the update
     * @param wireBytes all bytes of the update
     * @param nanos     waited in reads between the update's first byte and its last
     */
    private void adapt(long rawBytes, long wireBytes, long nanos) throws IOException {
        boolean rawSample = rawBytes >= RAW_SAMPLE_BYTES;
        if (!rawSample && wireBytes - rawBytes < COMPRESSED_SAMPLE_BYTES) {
            return;
        }
        long rate = nanos <= 0 ? Long.MAX_VALUE / 2 : (long) (wireBytes * 1e9 / nanos);
        if (rawSample) {
            // the average of this and the last Raw measurement: one hiccup does not switch
            long last = linkRateLowerBound ? -1 : linkRate;
            linkRate = last < 0 ? rate : (last + rate) / 2;
            linkRateLowerBound = false;
        } else if (linkRate < 0 || linkRateLowerBound) {
            linkRate = Math.max(linkRate, rate);
            linkRateLowerBound = true;
        }
        if (settings.encodingsExplicit()) {
            return;
        }
        if (rawFirst && rawSample && linkRate < SLOW_LINK_BYTES_PER_SECOND) {
            Log.LOG.info("VNC {}: Raw came in at {} KB/s; compressed encodings first from now on", address,
                    linkRate >> 10);
            rawFirst = false;
            rawMeasuredSlow = true;
            sendEncodings(settings.encodings());
        } else if (!rawFirst && !rawMeasuredSlow && wireBytes >= RAW_SAMPLE_BYTES && rate > FAST_LINK_BYTES_PER_SECOND) {
            // Compressed data from socket buffers can arrive faster than the link carries it: only a
            // large update counts, and never after Raw itself was measured slow on this connection.
            Log.LOG.info("VNC {}: data came in at {} KB/s; Raw first from now on", address, rate >> 10);
            rawFirst = true;
            sendEncodings(FAST_LINK_ENCODINGS);
        }
    }

    /** @return whether the size changed */
    private boolean resize(int w, int h) throws IOException {
        if (w == decoder.width && h == decoder.height) {
            return false;
        }
        HeapBudget.checkFramebuffer(w, h, settings.maxPixels());
        Log.LOG.debug("VNC {} framebuffer resized to {}x{}", address, w, h);
        staleWidth = Math.max(staleWidth, decoder.width);
        staleHeight = Math.max(staleHeight, decoder.height);
        decoder.resize(w, h);
        bounds = new Rect(0, 0, w, h);
        return true;
    }

    private static long area(Rect r) {
        return (long) r.width() * r.height();
    }

    void requestUpdate(boolean incremental, Rect r) throws IOException {
        if (!incremental && fullRequestNanos == 0) {
            fullRequestNanos = System.nanoTime();
        }
        write(new byte[] {3, (byte) (incremental ? 1 : 0), (byte) (r.x() >> 8), (byte) r.x(), (byte) (r.y() >> 8),
            (byte) r.y(), (byte) (r.width() >> 8), (byte) r.width(), (byte) (r.height() >> 8), (byte) r.height()});
    }

    /**
     * Requests the region afresh and waits for it, then for a quiet period, bounded by the settle
     * limit; the whole call ends by {@code deadline}. See {@link VncClient#capture()}.
     *
     * @param region   the region, or null for the whole framebuffer
     * @param deadline the {@link System#nanoTime()} by which to return or fail
     */
    Image capture(Rect region, long deadline) {
        synchronized (lock) {
            checkUsable(VncException.Phase.UPDATE);
            Rect all = bounds;
            Rect r = region == null ? all : region;
            if (!all.contains(r)) {
                throw new IllegalArgumentException("region " + r + " is outside the " + all.width() + "x"
                        + all.height() + " screen of " + address);
            }
            settleRegion = r;
            settleWhole = region == null;
            settleLost = false;
            settleNeedsFull = false;
            captureGeneration++;
            covered = 0;
            coveredAtNanos = 0;
            resizedAtNanos = 0;
        }
        try {
            requestSettleRegion();
            return awaitSettled(deadline);
        } catch (IOException e) {
            VncException f = translate(address, VncException.Phase.UPDATE, e);
            fail(f);
            throw reported(f);
        } finally {
            synchronized (lock) {
                settleRegion = null;
            }
        }
    }

    /** Requests the capture's region as it is now (a resize may have replaced it), non-incrementally. */
    private void requestSettleRegion() throws IOException {
        synchronized (writeLock) {
            Rect r;
            synchronized (lock) {
                r = settleRegion;
            }
            if (r != null) {
                requestUpdate(false, r);
            }
        }
    }

    private Image awaitSettled(long deadline) throws IOException {
        long askedNanos = System.nanoTime();
        while (true) {
            Image img = awaitSettledOrSilence(deadline, askedNanos);
            if (img != null) {
                return img;
            }
            Log.LOG.debug("VNC {}: no pixels for {} ms since the resize; asking again", address,
                    TimeUnit.NANOSECONDS.toMillis(RESIZE_ASK_AGAIN_NANOS));
            askedNanos = System.nanoTime();
            requestSettleRegion();
        }
    }

    /**
     * Waits for the capture's region and the quiet after it.
     *
     * @param askedNanos when the capture last asked for its region
     * @return the region, or null to ask again (nothing has come for a while since a resize)
     */
    private Image awaitSettledOrSilence(long deadline, long askedNanos) {
        long settle = settings.settleLimit().toNanos();
        Rect r;
        boolean whole;
        synchronized (lock) {
            while (true) {
                checkUsable(VncException.Phase.UPDATE);
                if (settleLost) {
                    throw new VncException(address, VncException.Phase.UPDATE, "the screen was resized to "
                            + bounds.width() + "x" + bounds.height() + " during the capture of " + settleRegion, null);
                }
                long now = System.nanoTime();
                long left = deadline - now;
                long waitNanos;
                if (coveredAtNanos != 0) {
                    // read each time: the fence that makes it 0 may arrive after the capture began
                    long quietLeft = quietNanos() - (now - lastUpdateNanos);
                    long settleLeft = settle - (now - coveredAtNanos);
                    if (quietLeft <= 0 || settleLeft <= 0 || left <= 0) {
                        break;
                    }
                    waitNanos = Math.min(Math.min(quietLeft, settleLeft), left);
                } else {
                    if (left <= 0) {
                        VncException f = new VncException(address, VncException.Phase.UPDATE,
                                "no complete framebuffer update for " + settleRegion + " within the capture timeout of "
                                        + settings.captureTimeout().toMillis() + " ms", null);
                        failLocked(f);
                        throw reported(f);
                    }
                    waitNanos = left;
                    if (resizedAtNanos != 0 && updates == updatesAtResize) {
                        long silenceLeft = RESIZE_SILENCE_NANOS - (now - resizedAtNanos);
                        if (silenceLeft <= 0) {
                            VncException f = new VncException(address, VncException.Phase.UPDATE, "the server sent"
                                    + " nothing for " + TimeUnit.NANOSECONDS.toMillis(RESIZE_SILENCE_NANOS) + " ms after"
                                    + " it resized the screen to " + bounds.width() + "x" + bounds.height(),
                                    new IOException("silent after a resize"));
                            failLocked(f);
                            throw reported(f);
                        }
                        waitNanos = Math.min(waitNanos, silenceLeft);
                    }
                    if (awaitingPixelsAfterResize) {
                        long askLeft = RESIZE_ASK_AGAIN_NANOS - (now - Math.max(askedNanos, lastUpdateNanos));
                        if (askLeft <= 0) {
                            return null;
                        }
                        waitNanos = Math.min(waitNanos, askLeft);
                    }
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VncException(address, VncException.Phase.UPDATE, "interrupted while waiting for an update", e);
                }
            }
            r = settleRegion;
            whole = settleWhole;
        }
        return copy(r, whole, deadline);
    }

    /** Copies the region out of the framebuffer once the reader is between updates, waiting until {@code deadline}. */
    private Image copy(Rect r, boolean whole, long deadline) {
        try {
            if (!fbLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                VncException f = new VncException(address, VncException.Phase.UPDATE, "a server update was still"
                        + " arriving at the end of the capture timeout of " + settings.captureTimeout().toMillis() + " ms", null);
                fail(f);
                throw reported(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VncException(address, VncException.Phase.UPDATE, "interrupted while waiting for an update", e);
        }
        try {
            decoder.allocate();
            int fw = decoder.width;
            int fh = decoder.height;
            if (whole ? r.width() != fw || r.height() != fh : r.right() > fw || r.bottom() > fh) {
                throw new VncException(address, VncException.Phase.UPDATE, "the screen was resized to " + fw + "x"
                        + fh + " during the capture of " + r, null);
            }
            if (whole) {
                return Image.wrap(fw, fh, decoder.lend());
            }
            int[] px = new int[r.width() * r.height()];
            for (int row = 0; row < r.height(); row++) {
                System.arraycopy(decoder.fb, (r.y() + row) * fw + r.x(), px, row * r.width(), r.width());
            }
            return Image.wrap(r.width(), r.height(), px);
        } catch (OutOfMemoryError e) {
            throw new VncException(address, VncException.Phase.UPDATE, "not enough heap for a copy of " + r.width()
                    + "x" + r.height() + " pixels (" + HeapBudget.mb(4L * r.width() * r.height())
                    + " MB); raise -Xmx or capture a smaller region", null);
        } finally {
            fbLock.unlock();
        }
    }

    private VncException reported(VncException f) {
        if (f == failure) {
            failureReported.set(true);
        }
        return f;
    }

    private void checkUsable(VncException.Phase phase) {
        VncException f = failure;
        if (f != null) {
            throw reported(f);
        }
        if (closed) {
            throw new VncException(address, phase, "connection closed", null);
        }
    }

    /** Sends a PointerEvent: {@code mask} bit 0 left, 1 middle, 2 right, 3 wheel up, 4 wheel down. */
    void pointer(int mask, int x, int y) {
        sendInput(new byte[] {5, (byte) mask, (byte) (x >> 8), (byte) x, (byte) (y >> 8), (byte) y});
    }

    /** Sends a KeyEvent. */
    void key(int keysym, boolean down) {
        sendInput(new byte[] {4, (byte) (down ? 1 : 0), 0, 0, (byte) (keysym >> 24), (byte) (keysym >> 16),
            (byte) (keysym >> 8), (byte) keysym});
    }

    private void sendInput(byte[] message) {
        checkUsable(VncException.Phase.INPUT);
        try {
            write(message);
        } catch (IOException e) {
            VncException f = translate(address, VncException.Phase.INPUT, e);
            fail(f);
            throw reported(f);
        }
    }

    /**
     * Writes one client message. A server that stops reading would block the write forever once
     * the socket buffers fill up: the watchdog closes the connection after the read timeout.
     */
    private void write(byte[] message) throws IOException {
        synchronized (writeLock) {
            if (socket == null) {
                out.write(message);
                out.flush();
                return;
            }
            WriteExpiry expired = new WriteExpiry();
            ScheduledFuture<?> watchdog = Watchdog.after(settings.readTimeout().toNanos(), expired);
            try {
                out.write(message);
                out.flush();
            } catch (IOException e) {
                if (expired.get()) {
                    throw new DeadlineExceeded("the server did not accept data for the read timeout of "
                            + settings.readTimeout().toMillis() + " ms");
                }
                throw e;
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /** A write's watchdog action: ends the session (a class, not a lambda: see {@link Watchdog}). */
    private final class WriteExpiry extends AtomicBoolean implements Runnable {
        private static final long serialVersionUID = 1L;

        @Override
        public void run() {
            set(true);
            fail(new VncException(address, VncException.Phase.INPUT, "the server did not accept data for the read"
                    + " timeout of " + settings.readTimeout().toMillis() + " ms", null));
        }
    }

    private void fail(VncException f) {
        synchronized (lock) {
            failLocked(f);
        }
    }

    private void failLocked(VncException f) {
        if (failure == null) {
            failure = f;
        }
        lock.notifyAll();
        closeSocket();
    }

    /** Closes the connection; idempotent, returns promptly. Waiting captures fail. */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (failure == null) {
                failure = new VncException(address, VncException.Phase.UPDATE, "connection closed by the client", null);
            }
            lock.notifyAll();
        }
        closeNow();
    }

    private void closeNow() {
        closeSocket();
        Thread t = reader;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(READER_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ((t == null || !t.isAlive()) && fbLock.tryLock()) {
            try {
                decoder.close();
            } finally {
                fbLock.unlock();
            }
        }
    }

    /** Closes the plain TCP socket first: closing a TLS socket may try to write and block. */
    private void closeSocket() {
        closeQuietly(rawSocket);
        closeQuietly(socket);
        if (socket == null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing to do: closing anyway
            }
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to do: closing anyway
            }
        }
    }
}
