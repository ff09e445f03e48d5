package dev.healing.core.workflow;

import dev.healing.api.WorkflowException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer lock of one workflow file: first a lock shared by every store instance in this JVM,
 * keyed by the file's real path, then an OS lock ({@link FileChannel#tryLock()}) on the sibling
 * file {@code .<name>.lock}, which serializes writers in other processes. Both are waited for at
 * most {@link #TIMEOUT}. The lock file is never deleted (deleting it would let two writers lock
 * two different files).
 */
final class WorkflowLock implements AutoCloseable {
    /** How long a writer waits for another to finish before giving up with an error. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final ConcurrentMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock osLock;

    private WorkflowLock(ReentrantLock jvmLock, FileChannel channel, FileLock osLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.osLock = osLock;
    }

    /** @return the lock file of {@code realFile} */
    static Path lockFileOf(Path realFile) {
        return realFile.resolveSibling("." + realFile.getFileName() + ".lock");
    }

    /**
     * Waits up to {@code timeout} for the lock of {@code realFile} (a real path, symlinks resolved).
     *
     * @return the held lock, or null when {@code timeout} is zero and the lock is taken
     * @throws WorkflowException when it cannot be had in time or the lock file cannot be opened
     */
    static WorkflowLock acquire(Path realFile, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ReentrantLock jvm = IN_JVM.computeIfAbsent(realFile, f -> new ReentrantLock());
        try {
            if (!jvm.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return timedOut(realFile, timeout, "another store in this JVM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowException(realFile + ": interrupted while waiting for the writer lock", e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFileOf(realFile), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long pause = 1;
            while (true) {
                FileLock os = tryLock(channel);
                if (os != null) {
                    return new WorkflowLock(jvm, channel, os);
                }
                if (System.nanoTime() - deadline >= 0) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(pause);
                pause = Math.min(pause * 2, 20);
            }
        } catch (IOException e) {
            release(channel, jvm);
            throw new WorkflowException(realFile + ": cannot lock " + lockFileOf(realFile) + ": " + e.getMessage()
                    + "; is the folder writable?", e);
        } catch (InterruptedException e) {
            release(channel, jvm);
            Thread.currentThread().interrupt();
            throw new WorkflowException(realFile + ": interrupted while waiting for the writer lock", e);
        } catch (RuntimeException e) {
            release(channel, jvm);
            throw e;
        }
        release(channel, jvm);
        return timedOut(realFile, timeout, "another process");
    }

    /** The OS lock, or null when another holds it (another process, or a channel of this JVM outside this class). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static WorkflowLock timedOut(Path realFile, Duration timeout, String holder) {
        if (timeout.isZero()) {
            return null;
        }
        throw new WorkflowException(realFile + ": " + holder + " has been writing this workflow for more than "
                + timeout.toSeconds() + " s; nothing was changed");
    }

    private static void release(FileChannel channel, ReentrantLock jvm) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing releases the OS lock; nothing else to undo
        } finally {
            jvm.unlock();
        }
    }

    @Override
    public void close() {
        try {
            osLock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        } finally {
            release(channel, jvmLock);
        }
    }
}
