package dev.healing.core.hid;

import dev.healing.api.InputException;

/** Writes whole reports to one device file, never blocking longer than its timeout. Thread-safe. */
interface ReportWriter extends AutoCloseable {
    /**
     * Writes {@code report} in one piece.
     *
     * @throws InputException saying "offline" when the reader does not take it within the timeout,
     *                        or the file cannot be opened or written
     */
    void write(byte[] report);

    /** @return a short name of the mechanism, for logs: "poll" or "thread" */
    String mechanism();

    @Override
    void close();
}
