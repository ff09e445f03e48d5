package dev.healing.core.hid;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/**
 * The few libc calls the polling writer needs, bound through JNA without interface proxies or
 * structures (so nothing needs reflective access). Only touched after {@link #load()} succeeded;
 * this class must not be loaded where JNA is absent.
 */
final class Posix {
    // Linux generic values (x86, x86-64, ARM, AArch64, PowerPC); other architectures use the thread writer.
    static final int O_RDONLY = 0x0;
    static final int O_WRONLY = 0x1;
    static final int O_RDWR = 0x2;
    static final int O_NOCTTY = 0x100;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EAGAIN = 11;
    static final int EPIPE = 32;

    private final Function open;
    private final Function close;
    private final Function write;
    private final Function read;
    private final Function poll;

    private Posix() {
        String libc = Platform.C_LIBRARY_NAME;
        this.open = Function.getFunction(libc, "open", Function.THROW_LAST_ERROR);
        this.close = Function.getFunction(libc, "close", Function.THROW_LAST_ERROR);
        this.write = Function.getFunction(libc, "write", Function.THROW_LAST_ERROR);
        this.read = Function.getFunction(libc, "read", Function.THROW_LAST_ERROR);
        this.poll = Function.getFunction(libc, "poll", Function.THROW_LAST_ERROR);
    }

    /**
     * @return the bound calls
     * @throws UnsupportedOperationException when this platform's constants are not known here
     */
    static Posix load() {
        if (!Platform.isLinux() || !(Platform.isIntel() || Platform.isARM() || Platform.isPPC())) {
            throw new UnsupportedOperationException("libc constants unknown for " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch"));
        }
        return new Posix();
    }

    /** @return the new file descriptor; throws {@link LastErrorException} with errno on failure */
    int open(String path, int flags) {
        return open.invokeInt(new Object[] {path, flags, 0});
    }

    void close(int fd) {
        close.invokeInt(new Object[] {fd});
    }

    /** @return bytes written; throws {@link LastErrorException} with errno on failure */
    long write(int fd, byte[] bytes) {
        NativeLong n = (NativeLong) write.invoke(NativeLong.class, new Object[] {fd, bytes, new NativeLong(bytes.length)});
        return n.longValue();
    }

    /** @return bytes read, 0 at end of file; throws {@link LastErrorException} with errno on failure */
    long read(int fd, byte[] into) {
        NativeLong n = (NativeLong) read.invoke(NativeLong.class, new Object[] {fd, into, new NativeLong(into.length)});
        return n.longValue();
    }

    /**
     * Waits until {@code fd} is ready for {@code events} or {@code timeoutMillis} pass.
     *
     * @return the returned events (0 on timeout); throws {@link LastErrorException} with errno on failure
     */
    int poll(int fd, short events, int timeoutMillis) {
        try (Memory pollfd = new Memory(8)) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, events);
            pollfd.setShort(6, (short) 0);
            int ready = poll.invokeInt(new Object[] {pollfd, new NativeLong(1), timeoutMillis});
            return ready == 0 ? 0 : pollfd.getShort(6) & 0xFFFF;
        }
    }

    /** @return errno of a failed call, or -1 when {@code e} is not a libc error */
    static int errno(RuntimeException e) {
        return e instanceof LastErrorException l ? l.getErrorCode() : -1;
    }
}
