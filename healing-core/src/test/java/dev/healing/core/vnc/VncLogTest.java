package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** The VNC client's logging can be turned off without starting slf4j. */
final class VncLogTest {
    private final String before = System.getProperty(VncClient.LOGGING_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(VncClient.LOGGING_PROPERTY);
        } else {
            System.setProperty(VncClient.LOGGING_PROPERTY, before);
        }
    }

    @Test
    void of_propertyOff_discardsEverything() {
        for (String off : new String[] {"off", "OFF"}) {
            System.setProperty(VncClient.LOGGING_PROPERTY, off);
            assertSame(NOPLogger.NOP_LOGGER, VncLog.of(VncClient.class), off);
        }
    }

    @Test
    void of_propertyUnsetOrOn_isSlf4jsLogger() {
        System.clearProperty(VncClient.LOGGING_PROPERTY);
        assertNotSame(NOPLogger.NOP_LOGGER, VncLog.of(VncClient.class));
        System.setProperty(VncClient.LOGGING_PROPERTY, "on");
        assertNotSame(NOPLogger.NOP_LOGGER, VncLog.of(VncClient.class));
    }
}
