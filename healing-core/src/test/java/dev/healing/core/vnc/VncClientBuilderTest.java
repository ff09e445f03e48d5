package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Builder validation, defaults, and the key names and characters the client can send. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
final class VncClientBuilderTest {
    @Test
    void setters_rejectBadValues_namingTheValue() {
        VncClient.Builder b = VncClient.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.port(70000)).getMessage().contains("70000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.host(" ")).getMessage().contains("blank"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.quietPeriod(Duration.ofMillis(-1)))
                .getMessage().contains("PT-0.001S"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.tightJpegQuality(10)).getMessage().contains("10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.address("nohost")).getMessage().contains("nohost"));
        assertThrows(IllegalArgumentException.class, () -> b.encodings());
    }

    @Test
    void preload_twiceWithoutAServer_connectsNothingAndLaterConnectsStillReportTheirPhase() throws Exception {
        VncClient.preload();
        VncClient.preload();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int port = closed;
        VncException e = assertThrows(VncException.class,
                () -> VncClient.builder().host("127.0.0.1").port(port).connect());
        assertEquals(VncException.Phase.CONNECT, e.phase());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void preloadAddress_malformedOrUnknown_neverThrowsAndTheConnectStillReportsIt() {
        VncClient.preload((String) null);
        VncClient.preload("nohost");
        VncClient.preload("[::1]:");
        VncClient.preload("no-such-host.invalid:5900");
        VncClient.preload("[::1]:5900");
        VncException e = assertThrows(VncException.class, () -> VncClient.builder()
                .address("no-such-host.invalid:5900").reconnectBudget(Duration.ZERO).connect());
        assertEquals(VncException.Phase.CONNECT, e.phase());
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }

    @Test
    void build_withoutHost_saysHowToFixIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VncClient.builder().connect());
        assertTrue(e.getMessage().contains("host(...)"), e.getMessage());
        IllegalStateException plain = assertThrows(IllegalStateException.class,
                () -> VncClient.builder().host("h").username("u").connect());
        assertTrue(plain.getMessage().contains("password"), plain.getMessage());
    }

    @Test
    void defaults_areTheDocumentedOnes_andRawIsAlwaysOfferedLast() {
        Settings s = VncClient.builder().address("[::1]:2").settings();
        assertEquals("::1", s.host());
        assertEquals(5902, s.port(), "a number below 100 is a display");
        assertEquals("[::1]:5902", s.address());
        assertEquals(VncClient.DEFAULT_QUIET_PERIOD, s.quietPeriod());
        assertEquals(VncClient.DEFAULT_CAPTURE_TIMEOUT, s.captureTimeout());
        assertTrue(s.shared());
        assertEquals(-1, s.jpegQuality());
        assertArrayEquals(new int[] {16, 7, 5, 6, 2, 1, 0}, s.encodings());
        assertArrayEquals(new int[] {5, 0}, VncClient.builder().host("h").encodings(VncEncoding.RAW, VncEncoding.HEXTILE)
                .settings().encodings());
    }

    @Test
    void keysyms_latin1AsIs_othersAsUnicodeKeysyms_controlsRejected() {
        assertEquals(0x61, Keysyms.forCodePoint('a'));
        assertEquals(0xE9, Keysyms.forCodePoint('é'));
        assertEquals(0x010020AC, Keysyms.forCodePoint('€'));
        assertEquals(0x0101F600, Keysyms.forCodePoint(0x1F600));
        assertEquals(Keysyms.RETURN, Keysyms.forCodePoint('\n'));
        assertEquals(-1, Keysyms.forCodePoint(0x07));
        assertEquals(0xFFE3, Keysyms.forName("ctrl"));
        assertEquals(0xFFEB, Keysyms.forName("win"));
        assertEquals(0xFFC9, Keysyms.forName("F12"));
        assertEquals(0xFF55, Keysyms.forName("Page_Up"));
        assertEquals(0x74, Keysyms.forName("t"));
        assertEquals(-1, Keysyms.forName("hyperdrive"));
    }
}
