package dev.healing.core.vnc;

/**
 * Internal: one daemon thread started ahead by {@link VncClient#preload()}, which the next
 * connection takes as its reader. Starting a thread makes the caller wait until the new thread
 * has run; on a busy 2-core machine that was 3 ms of a one-shot capture, between the handshake and
 * the request. Handing work to a waiting thread is a notify.
 */
final class SpareThread extends Thread {
    private static SpareThread spare; // guarded by SpareThread.class

    private Runnable work; // guarded by this

    private SpareThread() {
        super("vnc-spare");
        setDaemon(true);
    }

    /** Starts the spare thread unless one is waiting already. */
    static void prestart() {
        synchronized (SpareThread.class) {
            if (spare == null) {
                spare = new SpareThread();
                spare.start();
            }
        }
    }

    /**
     * Runs {@code work} as a daemon thread named {@code name}: the spare one if there is one,
     * else a new one.
     *
     * @return the thread
     */
    static Thread start(Runnable work, String name) {
        SpareThread s;
        synchronized (SpareThread.class) {
            s = spare;
            spare = null;
        }
        if (s != null) {
            s.hand(work, name);
            return s;
        }
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private synchronized void hand(Runnable w, String name) {
        setName(name);
        work = w;
        notifyAll();
    }

    @Override
    public void run() {
        Runnable w;
        synchronized (this) {
            while (work == null) {
                try {
                    wait();
                } catch (InterruptedException ignored) {
                    // nobody else holds this thread: wait on for the work
                }
            }
            w = work;
        }
        w.run();
    }
}
