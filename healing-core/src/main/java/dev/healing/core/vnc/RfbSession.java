package dev.healing.core.vnc;

import dev.healing.api.Image;
import dev.healing.api.Rect;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: one live RFB connection. A daemon reader thread applies server messages to the
 * framebuffer; callers request updates and send input. Thread-safe. Once failed or closed it
 * stays so; {@link VncClient} replaces it.
 */
final class RfbSession {
    private static final Logger LOG = LoggerFactory.getLogger(RfbSession.class);
    private static final int ENC_CURSOR = -239;
    private static final int ENC_DESKTOP_SIZE = -223;
    private static final int ENC_LAST_RECT = -224;
    private static final int ENC_EXTENDED_DESKTOP_SIZE = -308;
    private static final int MAX_CUT_TEXT = 16 * 1024 * 1024;
    private static final int MAX_CURSOR_PIXELS = 1 << 20;

    private final Settings settings;
    private final String address;
    private final Socket socket;
    private final RfbInput in;
    private final OutputStream out;
    private final PixelFormat format;
    private final RectDecoder decoder;
    private final String desktopName;
    private final Object lock = new Object();
    private final Object writeLock = new Object();
    private Thread reader;

    // guarded by lock
    private volatile VncException failure;
    private boolean closed;
    private long updates;
    private long lastUpdateNanos;
    private Rect settleRegion;
    private long covered;
    private long coveredAtNanos;

    private RfbSession(Settings settings, Socket socket, Handshake hs) {
        this.settings = settings;
        this.address = settings.address();
        this.socket = socket;
        this.in = hs.in;
        this.out = hs.out;
        this.format = settings.requestedFormat() != null ? settings.requestedFormat() : hs.serverFormat;
        this.decoder = new RectDecoder(format, settings.jpegQuality() >= 0, hs.width, hs.height);
        this.desktopName = hs.desktopName;
    }

    /**
     * Connects, runs the handshake, sets the pixel format and encodings and starts the reader.
     *
     * @throws VncException naming the phase that failed
     */
    static RfbSession open(Settings settings) {
        String address = settings.address();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.readTimeout().toMillis());
            socket.connect(new InetSocketAddress(settings.host(), settings.port()),
                    (int) settings.connectTimeout().toMillis());
        } catch (IOException e) {
            closeQuietly(socket);
            throw new VncException(address, VncException.Phase.CONNECT, "cannot connect: " + e.getMessage(), e);
        }
        try {
            RfbSession session = negotiate(settings, socket, socket.getInputStream(), socket.getOutputStream());
            session.start();
            return session;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new VncException(address, VncException.Phase.HANDSHAKE, e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /**
     * Runs the handshake over the given streams and sends the client's settings; does not start
     * the reader (tests drive {@link #readMessage()} themselves).
     *
     * @param socket the socket under the streams (needed for TLS), or null
     */
    static RfbSession negotiate(Settings settings, Socket socket, InputStream rawIn, OutputStream rawOut) {
        Handshake hs = new Handshake(settings, socket, rawIn, rawOut);
        try {
            hs.run();
        } catch (IOException e) {
            closeQuietly(hs.socket());
            throw translate(settings.address(), hs.phase, e);
        }
        RfbSession session = new RfbSession(settings, hs.socket(), hs);
        try {
            session.sendSetup();
        } catch (IOException e) {
            session.closeNow();
            throw translate(settings.address(), VncException.Phase.HANDSHAKE, e);
        }
        LOG.debug("VNC {} connected: RFB 3.{}, security {}, {}x{} \"{}\", {}", session.address, hs.minor,
                hs.securityType, hs.width, hs.height, hs.desktopName, session.format);
        return session;
    }

    static VncException translate(String address, VncException.Phase phase, Throwable e) {
        if (e instanceof ProtocolViolation) {
            return new VncProtocolException(address, phase, e.getMessage(), e);
        }
        if (e instanceof Handshake.Refused) {
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
        if (e instanceof RuntimeException) {
            return new VncProtocolException(address, phase, "cannot decode server data: " + e, e);
        }
        return new VncException(address, phase, String.valueOf(e.getMessage()), e);
    }

    private void sendSetup() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(20 + 4 + 4 * (settings.encodings().length + 6));
        if (settings.requestedFormat() != null) {
            b.put((byte) 0).put(new byte[3]).put(format.encode());
        }
        int[] pseudo = settings.jpegQuality() >= 0
                ? new int[] {ENC_CURSOR, ENC_DESKTOP_SIZE, ENC_EXTENDED_DESKTOP_SIZE, ENC_LAST_RECT, -32 + settings.jpegQuality()}
                : new int[] {ENC_CURSOR, ENC_DESKTOP_SIZE, ENC_EXTENDED_DESKTOP_SIZE, ENC_LAST_RECT};
        b.put((byte) 2).put((byte) 0).putShort((short) (settings.encodings().length + pseudo.length));
        for (int e : settings.encodings()) {
            b.putInt(e);
        }
        for (int e : pseudo) {
            b.putInt(e);
        }
        write(Arrays.copyOf(b.array(), b.position()));
    }

    private void start() {
        reader = new Thread(this::readLoop, "vnc-reader-" + address);
        reader.setDaemon(true);
        reader.start();
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

    /** @return the current framebuffer size */
    Rect bounds() {
        synchronized (lock) {
            return new Rect(0, 0, decoder.width, decoder.height);
        }
    }

    /** @return how many rectangles of {@code encoding} (0..16) this connection decoded */
    long rectCount(int encoding) {
        synchronized (lock) {
            return decoder.rectCount(encoding);
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
        synchronized (lock) {
            return Image.wrap(decoder.width, decoder.height, Arrays.copyOf(decoder.fb, decoder.fb.length));
        }
    }

    private void readLoop() {
        try {
            while (!isClosed()) {
                readMessage();
            }
        } catch (IOException | RuntimeException e) {
            if (!isClosed()) {
                VncException f = translate(address, VncException.Phase.UPDATE, e);
                LOG.debug("VNC {} reader stopped: {}", address, f.getMessage());
                fail(f);
            }
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Reads and applies one server message.
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
        switch (type) {
            case 0:
                update();
                break;
            case 1: {
                in.u8();
                in.u16();
                int n = in.u16();
                in.skip(6L * n);
                break;
            }
            case 2:
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
        return true;
    }

    private void update() throws IOException {
        in.u8();
        int count = in.u16();
        Rect r;
        boolean again;
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                int x = in.u16();
                int y = in.u16();
                int w = in.u16();
                int h = in.u16();
                int encoding = in.s32();
                if (encoding == ENC_LAST_RECT) {
                    break;
                }
                if (encoding == ENC_DESKTOP_SIZE) {
                    resize(w, h);
                } else if (encoding == ENC_EXTENDED_DESKTOP_SIZE) {
                    int screens = in.u8();
                    in.skip(3 + 16L * screens);
                    if (!(x == 1 && y != 0)) {
                        resize(w, h);
                    }
                } else if (encoding == ENC_CURSOR) {
                    if ((long) w * h > MAX_CURSOR_PIXELS) {
                        throw new ProtocolViolation("cursor of " + w + "x" + h + " pixels is absurd");
                    }
                    in.skip((long) w * h * format.bytesPerPixel + (long) (w + 7) / 8 * h);
                } else {
                    if (x + w > decoder.width || y + h > decoder.height) {
                        throw new ProtocolViolation("rectangle " + x + "," + y + " " + w + "x" + h + " (encoding "
                                + encoding + ") is outside the " + decoder.width + "x" + decoder.height + " framebuffer");
                    }
                    decoder.decode(in, encoding, x, y, w, h);
                    Rect region = settleRegion;
                    if (region != null && w > 0 && h > 0) {
                        long ix = Math.max(0, Math.min(x + w, region.right()) - Math.max(x, region.x()));
                        long iy = Math.max(0, Math.min(y + h, region.bottom()) - Math.max(y, region.y()));
                        covered += ix * iy;
                    }
                }
            }
            updates++;
            lastUpdateNanos = System.nanoTime();
            if (settleRegion != null && covered >= area(settleRegion) && coveredAtNanos == 0) {
                coveredAtNanos = lastUpdateNanos;
            }
            // Decided under the same lock as the update, so that a capture starting right after
            // it sends its own request and this one does not add a second (the backlog of extra
            // full frames would delay every later capture). Servers answer one request with one
            // update, and some (TigerVNC) answer the first request with a pseudo-rectangle only:
            // ask again until the region has arrived, then only while a capture waits for quiet.
            r = settleRegion;
            again = r != null && (covered < area(r) || !settings.quietPeriod().isZero());
            lock.notifyAll();
        }
        if (again) {
            requestUpdate(true, r);
        }
    }

    private void resize(int w, int h) throws ProtocolViolation {
        if (w == decoder.width && h == decoder.height) {
            return;
        }
        if (w == 0 || h == 0 || (long) w * h > settings.maxPixels()) {
            throw new ProtocolViolation("new framebuffer size " + w + "x" + h + " is out of range (at most "
                    + settings.maxPixels() + " pixels)");
        }
        LOG.debug("VNC {} framebuffer resized to {}x{}", address, w, h);
        decoder.resize(w, h);
        covered = 0;
        coveredAtNanos = 0;
    }

    private static long area(Rect r) {
        return (long) r.width() * r.height();
    }

    void requestUpdate(boolean incremental, Rect r) throws IOException {
        write(new byte[] {3, (byte) (incremental ? 1 : 0), (byte) (r.x() >> 8), (byte) r.x(), (byte) (r.y() >> 8),
            (byte) r.y(), (byte) (r.width() >> 8), (byte) r.width(), (byte) (r.height() >> 8), (byte) r.height()});
    }

    /**
     * Requests the region afresh and waits for it, then for a quiet period, bounded by the settle
     * limit and the capture timeout. See {@link VncClient#capture()}.
     *
     * @param region the region, or null for the whole framebuffer
     */
    Image capture(Rect region) {
        Rect r;
        synchronized (lock) {
            checkUsable(VncException.Phase.UPDATE);
            Rect all = new Rect(0, 0, decoder.width, decoder.height);
            r = region == null ? all : region;
            if (!all.contains(r)) {
                throw new IllegalArgumentException("region " + r + " is outside the " + all.width() + "x"
                        + all.height() + " screen of " + address);
            }
            settleRegion = r;
            covered = 0;
            coveredAtNanos = 0;
        }
        try {
            requestUpdate(false, r);
            return awaitSettled(r, region == null);
        } catch (IOException e) {
            VncException f = translate(address, VncException.Phase.UPDATE, e);
            fail(f);
            throw f;
        } finally {
            synchronized (lock) {
                settleRegion = null;
            }
        }
    }

    private Image awaitSettled(Rect r, boolean whole) {
        long timeout = settings.captureTimeout().toNanos();
        long quiet = settings.quietPeriod().toNanos();
        long settle = settings.settleLimit().toNanos();
        long start = System.nanoTime();
        synchronized (lock) {
            while (true) {
                checkUsable(VncException.Phase.UPDATE);
                long now = System.nanoTime();
                long waitNanos;
                if (coveredAtNanos != 0) {
                    long quietLeft = quiet - (now - lastUpdateNanos);
                    long settleLeft = settle - (now - coveredAtNanos);
                    if (quietLeft <= 0 || settleLeft <= 0) {
                        break;
                    }
                    waitNanos = Math.min(quietLeft, settleLeft);
                } else {
                    waitNanos = timeout - (now - start);
                    if (waitNanos <= 0) {
                        VncException f = new VncException(address, VncException.Phase.UPDATE,
                                "no complete framebuffer update for " + r + " within "
                                        + settings.captureTimeout().toMillis() + " ms", null);
                        failLocked(f);
                        throw f;
                    }
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VncException(address, VncException.Phase.UPDATE, "interrupted while waiting for an update", e);
                }
            }
            int fw = decoder.width;
            if (whole) {
                return Image.wrap(fw, decoder.height, Arrays.copyOf(decoder.fb, decoder.fb.length));
            }
            if (r.right() > fw || r.bottom() > decoder.height) {
                throw new VncException(address, VncException.Phase.UPDATE, "the screen was resized to " + fw + "x"
                        + decoder.height + " during the capture of " + r, null);
            }
            int[] px = new int[r.width() * r.height()];
            for (int row = 0; row < r.height(); row++) {
                System.arraycopy(decoder.fb, (r.y() + row) * fw + r.x(), px, row * r.width(), r.width());
            }
            return Image.wrap(r.width(), r.height(), px);
        }
    }

    private void checkUsable(VncException.Phase phase) {
        VncException f = failure;
        if (f != null) {
            throw f;
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
            throw f;
        }
    }

    private void write(byte[] message) throws IOException {
        synchronized (writeLock) {
            out.write(message);
            out.flush();
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

    /** Closes the connection; idempotent. Waiting captures fail. */
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
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (t == null || !t.isAlive()) {
            synchronized (lock) {
                decoder.close();
            }
        }
    }

    private void closeSocket() {
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
