package dev.healing.core.hid;

import dev.healing.api.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WCH CH9329 serial-to-HID chip (keyboard plus absolute mouse on one UART), in its default
 * protocol mode. Each report becomes one command frame ({@code 57 AB 00 CMD LEN DATA SUM});
 * the chip's reply is awaited and its status checked, so a chip that is unplugged, unpowered or
 * rejects a frame gives an {@link InputException} within the timeout, never a hang.
 *
 * <p>The chip's absolute range is 0..4095 per axis: pointer positions are exact to the pixel on
 * screens up to 2560 pixels wide or high and within one pixel above that. It has no horizontal
 * wheel. Configure the serial port first (the chip defaults to 9600 baud, 8N1):
 * {@code stty -F /dev/ttyUSB0 9600 raw -echo clocal}. Thread-safe: commands are serialized.
 */
public final class Ch9329 implements HidDevice {
    /** Default time to wait for the write and for the chip's reply to each command: 500 ms. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(Ch9329.class);

    /** Opens the input side in the reader thread (a serial port's open may block). */
    @FunctionalInterface
    interface InputOpener {
        InputStream open() throws IOException;
    }

    private record Reply(int command, byte[] data, byte[] raw, boolean intact) {
    }

    private final String name;
    private final int address;
    private final long timeoutNanos;
    private final ReportWriter writer;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile InputStream in;
    private volatile String readerEnd;
    private volatile boolean closed;

    private Ch9329(String name, int address, Duration timeout, ReportWriter writer, InputOpener input) {
        this.name = name;
        this.address = address;
        this.timeoutNanos = checkTimeout(timeout).toNanos();
        this.writer = writer;
        this.reader = new Thread(() -> readReplies(input), "ch9329-reader " + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Talks to a chip on a serial device file, e.g. {@code /dev/ttyUSB0}, already configured with stty.
     *
     * @param timeout longest wait for a write and for each reply, 1 ms..1 min
     */
    public static Ch9329 open(Path serialPort, Duration timeout) {
        Objects.requireNonNull(serialPort, "serialPort");
        ReportWriter writer = ReportWriters.open(serialPort, checkTimeout(timeout).toNanos(), true);
        return new Ch9329(serialPort.toString(), 0, timeout, writer, () -> ReportWriters.openInput(serialPort));
    }

    /**
     * Talks to a chip over a pair of streams (a serial library, a socket to a remote UART).
     * Writes run in a writer thread, so a stream that blocks cannot hang the caller.
     *
     * @param fromChip the chip's replies
     * @param toChip   where command frames go
     * @param timeout  longest wait for a write and for each reply, 1 ms..1 min
     */
    public static Ch9329 over(InputStream fromChip, OutputStream toChip, Duration timeout) {
        Objects.requireNonNull(fromChip, "fromChip");
        Objects.requireNonNull(toChip, "toChip");
        ReportWriter writer = new ThreadedReportWriter("CH9329 stream", () -> toChip, checkTimeout(timeout).toNanos());
        return new Ch9329("stream", 0, timeout, writer, () -> fromChip);
    }

    @Override
    public void sendKeyboard(byte[] report) {
        Objects.requireNonNull(report, "report");
        if (report.length != HidReports.KEYBOARD_REPORT_LENGTH) {
            throw new IllegalArgumentException("keyboard report must be 8 bytes: " + report.length);
        }
        transact(Ch9329Frames.CMD_KEYBOARD, Ch9329Frames.keyboard(address, report));
    }

    @Override
    public void sendMouse(byte[] report) {
        Objects.requireNonNull(report, "report");
        if (report.length != HidReports.MOUSE_REPORT_LENGTH) {
            throw new IllegalArgumentException("mouse report must be 7 bytes: " + report.length);
        }
        if (report[6] != 0) {
            throw new InputException("CH9329 " + name + " has no horizontal wheel; nothing was sent");
        }
        transact(Ch9329Frames.CMD_MOUSE_ABSOLUTE, Ch9329Frames.mouseFromReport(address, report));
    }

    private synchronized void transact(int command, byte[] frame) {
        if (closed) {
            throw new InputException("CH9329 " + name + " is closed");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        replies.clear();
        writer.write(frame);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Reply r = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : replies.poll();
                if (r == null) {
                    String end = readerEnd;
                    throw new InputException("CH9329 " + name + " offline: "
                            + (end != null ? "serial link closed (" + end + ")"
                                    : String.format("no reply to command 0x%02X within %d ms", command,
                                            TimeUnit.NANOSECONDS.toMillis(timeoutNanos))));
                }
                if (!r.intact()) {
                    throw new InputException("CH9329 " + name + " sent a corrupt reply: " + Ch9329Frames.hex(r.raw()));
                }
                if (r.command() == (command | Ch9329Frames.REPLY_OK_BIT)) {
                    int status = r.data().length > 0 ? r.data()[0] & 0xFF : 0;
                    if (status != 0) {
                        throw new InputException(String.format("CH9329 %s answered command 0x%02X with status %s",
                                name, command, Ch9329Frames.status(status)));
                    }
                    return;
                }
                if (r.command() == (command | Ch9329Frames.REPLY_ERROR_BITS)) {
                    int status = r.data().length > 0 ? r.data()[0] & 0xFF : -1;
                    throw new InputException(String.format("CH9329 %s rejected command 0x%02X: %s", name, command,
                            status < 0 ? "no status" : Ch9329Frames.status(status)));
                }
                log.debug("CH9329 {}: ignoring reply {} while waiting for command 0x{}", name,
                        Ch9329Frames.hex(r.raw()), Integer.toHexString(command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("interrupted waiting for CH9329 " + name, e);
        }
    }

    private void readReplies(InputOpener opener) {
        try {
            InputStream input = opener.open();
            in = input;
            if (closed) {
                input.close();
                return;
            }
            readFrames(input);
            readerEnd = "end of stream";
        } catch (IOException e) {
            readerEnd = e.toString();
        }
        if (!closed) {
            log.warn("CH9329 {}: reading replies stopped: {}", name, readerEnd);
        }
    }

    /** Splits the byte stream into frames, resynchronizing on the 57 AB header after garbage. */
    private void readFrames(InputStream input) throws IOException {
        while (!closed) {
            int b = input.read();
            if (b < 0) {
                return;
            }
            if (b != Ch9329Frames.HEAD_1) {
                continue;
            }
            int b2 = input.read();
            if (b2 != Ch9329Frames.HEAD_2) {
                if (b2 < 0) {
                    return;
                }
                continue;
            }
            int addr = input.read();
            int cmd = input.read();
            int len = input.read();
            if (addr < 0 || cmd < 0 || len < 0) {
                return;
            }
            byte[] raw = new byte[6 + Math.min(len, Ch9329Frames.MAX_DATA)];
            raw[0] = (byte) Ch9329Frames.HEAD_1;
            raw[1] = (byte) Ch9329Frames.HEAD_2;
            raw[2] = (byte) addr;
            raw[3] = (byte) cmd;
            raw[4] = (byte) len;
            if (len > Ch9329Frames.MAX_DATA) {
                replies.add(new Reply(cmd, new byte[0], java.util.Arrays.copyOf(raw, 5), false));
                continue;
            }
            for (int i = 0; i < len + 1; i++) {
                int d = input.read();
                if (d < 0) {
                    return;
                }
                raw[5 + i] = (byte) d;
            }
            byte[] data = java.util.Arrays.copyOfRange(raw, 5, 5 + len);
            boolean intact = Ch9329Frames.sum(raw, raw.length - 1) == (raw[raw.length - 1] & 0xFF);
            replies.add(new Reply(cmd, data, raw, intact));
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.close();
        InputStream input = in;
        if (input != null) {
            try {
                input.close();
            } catch (IOException e) {
                log.debug("closing CH9329 {} input failed: {}", name, e.toString());
            }
        }
        reader.interrupt();
    }

    @Override
    public String toString() {
        return "Ch9329[" + name + "]";
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("CH9329 timeout must be 1 ms..1 min: " + timeout);
        }
        return timeout;
    }
}
