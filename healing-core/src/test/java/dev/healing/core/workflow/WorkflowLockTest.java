package dev.healing.core.workflow;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.WorkflowException;
import dev.healing.testing.Threads;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class WorkflowLockTest {
    @TempDir
    Path dir;

    @Test
    void acquire_heldByAnotherThread_waitsBoundedThenNamesTheHolder() throws Exception {
        Path file = Files.writeString(dir.resolve("w.json"), "{}");
        try (WorkflowLock held = WorkflowLock.acquire(file, Duration.ofSeconds(1))) {
            assertNotNull(held);
            WorkflowException e = CompletableFuture.supplyAsync(() -> assertThrows(WorkflowException.class,
                    () -> WorkflowLock.acquire(file, Duration.ofMillis(100))), Threads.EACH).get(10, TimeUnit.SECONDS);
            assertTrue(e.getMessage().contains("w.json") && e.getMessage().contains("this JVM"), e.getMessage());
            assertNull(CompletableFuture.supplyAsync(() -> WorkflowLock.acquire(file, Duration.ZERO), Threads.EACH)
                    .get(10, TimeUnit.SECONDS));
        }
        WorkflowLock.acquire(file, Duration.ZERO).close();
    }

    @Test
    void acquire_fileLockedOutsideTheStore_waitsBoundedThenFails() throws IOException {
        Path file = Files.writeString(dir.resolve("w.json"), "{}");
        try (FileChannel ch = FileChannel.open(WorkflowLock.lockFileOf(file), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock other = ch.lock()) {
            assertTrue(other.isValid());
            WorkflowException e = assertThrows(WorkflowException.class,
                    () -> WorkflowLock.acquire(file, Duration.ofMillis(100)));
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
        }
        WorkflowLock.acquire(file, Duration.ZERO).close();
    }
}
