package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Every VNC command takes {@code --password}: with it the command gets as far as connecting. */
final class VncPasswordOptionTest {
    @Test
    void everyVncCommand_acceptsPassword_andFailsOnlyOnTheClosedPort() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String address = "127.0.0.1:" + closed;

        assertEquals(1, Main.run(new String[] {"vnc-type", address, "hi", "--password", "pw"}));
        assertEquals(1, Main.run(new String[] {"vnc-click", address, "1", "2", "--password", "pw"}));
        assertEquals(1, Main.run(new String[] {"vnc-capture", address, "--password", "pw", "x.png"}));
        assertEquals(2, Main.run(new String[] {"vnc-type", address, "hi", "--pasword", "pw"}),
                "a typo is a usage error");
        assertEquals(2, Main.run(new String[] {"play", "missing.json", "--vnc", address, "--db", "x.db"}),
                "a missing workflow file is a usage error");
        assertEquals(2, Main.run(new String[] {"record", "w.txt", "--vnc", address, "--db", "x.db"}));
    }
}
