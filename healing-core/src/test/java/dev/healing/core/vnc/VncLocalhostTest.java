package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** "localhost" is the loopback address (RFC 6761), found without the resolver. */
final class VncLocalhostTest {
    @Test
    void socketAddress_localhostInAnyCase_isTheLoopbackAddress() {
        for (String name : new String[] {"localhost", "LocalHost", "LOCALHOST"}) {
            InetSocketAddress a = VncClient.builder().host(name).port(5917).settings().socketAddress();
            assertFalse(a.isUnresolved(), name);
            assertEquals(InetAddress.getLoopbackAddress(), a.getAddress(), name);
            assertEquals(5917, a.getPort(), name);
        }
    }

    @Test
    void socketAddress_otherNames_areResolvedAsGiven() {
        InetSocketAddress a = VncClient.builder().host("127.0.0.2").port(5900).settings().socketAddress();
        assertEquals(new InetSocketAddress("127.0.0.2", 5900), a);
        assertFalse(Settings.isLocalhost("localhost.example"));
        assertFalse(Settings.isLocalhost("mylocalhost"));
    }

    @Test
    void connect_localhost_reachesAServerOnTheLoopbackAddress() throws Exception {
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().text("RFB 003.008\n").u8(1).u8(1).s32(0)
                    .serverInit(32, 16, "on loopback").toByteArray());
            out.flush();
            Thread.sleep(10_000);
        })) {
            VncClient.preload("localhost:" + server.port());
            try (VncClient vnc = VncClient.builder().address("LocalHost:" + server.port())
                    .connectTimeout(Duration.ofSeconds(10)).connect()) {
                assertEquals("on loopback", vnc.desktopName());
            }
        }
    }
}
