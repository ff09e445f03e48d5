package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A reader thread started ahead runs the next work under its name; without one, a new thread does. */
final class SpareThreadTest {
    @Test
    void start_afterPrestart_runsTheWorkOnceOnTheSpareThreadUnderItsName() throws Exception {
        SpareThread.prestart();
        BlockingQueue<String> ran = new ArrayBlockingQueue<>(4);
        Thread first = SpareThread.start(new Recorder(ran), "vnc-reader-one");
        assertEquals("vnc-reader-one", ran.poll(10, TimeUnit.SECONDS));
        first.join(10_000);
        assertFalse(first.isAlive(), "the thread ends with its work");
        assertTrue(first.isDaemon());

        Thread second = SpareThread.start(new Recorder(ran), "vnc-reader-two");
        assertEquals("vnc-reader-two", ran.poll(10, TimeUnit.SECONDS));
        assertNotSame(first, second, "no spare left: a new thread");
        second.join(10_000);
        assertEquals(0, ran.size(), "each work ran once");
    }

    private static final class Recorder implements Runnable {
        private final BlockingQueue<String> ran;

        Recorder(BlockingQueue<String> ran) {
            this.ran = ran;
        }

        @Override
        public void run() {
            ran.add(Thread.currentThread().getName());
        }
    }
}
