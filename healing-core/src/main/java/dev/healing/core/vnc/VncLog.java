package dev.healing.core.vnc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * Internal: the VNC client's loggers. With the system property {@value
 * VncClient#LOGGING_PROPERTY} set to {@code off} they discard everything and slf4j is never
 * started: a process that connects once (a command-line screenshot) spends several ms of CPU
 * starting slf4j and its backend, on the cores the server needs for the frame. The client logs at
 * DEBUG and INFO only.
 */
final class VncLog {
    private VncLog() {
    }

    /** @return the logger for {@code type}, or one that discards everything when turned off */
    static Logger of(Class<?> type) {
        String setting = System.getProperty(VncClient.LOGGING_PROPERTY);
        return "off".equalsIgnoreCase(setting) ? NOPLogger.NOP_LOGGER : LoggerFactory.getLogger(type);
    }
}
