package dev.healing.core.vnc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * Internal: the VNC client's loggers. With the system property {@value #PROPERTY} set to {@code
 * off} they discard everything and slf4j is never started: a process that connects once (a
 * command-line screenshot) spends several ms of CPU starting slf4j and its backend, on the cores
 * the server needs for the frame. The client logs at DEBUG and INFO only.
 */
final class VncLog {
    /** The system property; {@code off} turns the VNC client's logging off. */
    static final String PROPERTY = "dev.healing.vnc.log";

    private VncLog() {
    }

    /** @return the logger for {@code type}, or one that discards everything when turned off */
    static Logger of(Class<?> type) {
        return "off".equalsIgnoreCase(System.getProperty(PROPERTY)) ? NOPLogger.NOP_LOGGER
                : LoggerFactory.getLogger(type);
    }
}
