package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import dev.healing.testing.Threads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The key events {@link VncClient#type} sends, as recorded by a fake server on loopback. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
final class VncTypingTest {

    /** Connects to a fake server named {@code desktop}, runs {@code typing}, returns the key events sent as "+k"/"-k". */
    static List<String> keyEvents(String desktop, java.util.function.Consumer<VncClient> typing) throws Exception {
        return keyEvents(new ServerScript().text("RFB 003.008\n").u8(1).u8(1).s32(0), desktop, typing);
    }

    /** Like {@link #keyEvents(String, java.util.function.Consumer)} after {@code hello} (version and security). */
    static List<String> keyEvents(ServerScript hello, String desktop, java.util.function.Consumer<VncClient> typing)
            throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> recorded = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write(hello.serverInit(32, 16, desktop).toByteArray());
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    in.transferTo(all);
                    return all.toByteArray();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, Threads.EACH);
            try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(listener.getLocalPort()).connect()) {
                typing.accept(vnc);
            }
            ByteBuffer b = ByteBuffer.wrap(recorded.get(10, TimeUnit.SECONDS));
            b.position(12 + 1 + 1 + 20);
            b.position(b.position() + 4 + 4 * (b.getShort(b.position() + 2) & 0xFFFF));
            List<String> events = new ArrayList<>();
            while (b.hasRemaining()) {
                int type = b.get();
                if (type == 4) {
                    boolean down = b.get() != 0;
                    b.getShort();
                    events.add((down ? "+" : "-") + Integer.toHexString(b.getInt()));
                } else if (type == 3) {
                    b.position(b.position() + 9);
                } else {
                    throw new AssertionError("unexpected client message " + type + " at " + b.position());
                }
            }
            return events;
        }
    }

    @Test
    void type_usShiftedCharacters_areWrappedInShift_othersAreNot() throws Exception {
        List<String> events = keyEvents("Xvnc desktop", vnc -> vnc.type("a!A1~ é"));
        assertEquals(List.of("+61", "-61", "+ffe1", "+21", "-21", "-ffe1", "+ffe1", "+41", "-41", "-ffe1", "+31", "-31",
                "+ffe1", "+7e", "-7e", "-ffe1", "+20", "-20", "+e9", "-e9"), events);
    }

    @Test
    void type_nonLatin1_sendsUnicodeKeysyms() throws Exception {
        assertEquals(List.of("+10020ac", "-10020ac", "+1000436", "-1000436"), keyEvents("x", vnc -> vnc.type("€ж")));
    }

    @Test
    void type_nonAsciiOnQemu_failsBeforeSendingAnything() throws Exception {
        List<String> events = keyEvents("QEMU (guest)", vnc -> {
            InputException e = assertThrows(InputException.class, () -> vnc.type("Hello ä"));
            assertTrue(e.getMessage().contains("U+00E4 'ä'") && e.getMessage().contains("nothing was typed"),
                    e.getMessage());
            vnc.type("ok!");
        });
        assertEquals(List.of("+6f", "-6f", "+6b", "-6b", "+ffe1", "+21", "-21", "-ffe1"), events);
    }

    @Test
    void type_nonAsciiOnVino_failsBeforeSendingAnything() throws Exception {
        // vino: RFB 3.7 offering anonymous TLS (18) beside None; the client takes None
        List<String> events = keyEvents(new ServerScript().text("RFB 003.007\n").u8(2).u8(18).u8(1), "user@host", vnc -> {
            InputException e = assertThrows(InputException.class, () -> vnc.type("Grüße"));
            assertTrue(e.getMessage().contains("U+00FC") && e.getMessage().contains("vino")
                    && e.getMessage().contains("nothing was typed"), e.getMessage());
            vnc.type("ok");
        });
        assertEquals(List.of("+6f", "-6f", "+6b", "-6b"), events);
    }

    @Test
    void type_nonAsciiOnRfb38OfferingType18_isSent() throws Exception {
        // x11vnc -anontls also offers 18, but speaks RFB 3.8 and maps keysyms it lacks
        List<String> events = keyEvents(new ServerScript().text("RFB 003.008\n").u8(2).u8(18).u8(1).s32(0), "x11",
                vnc -> vnc.type("ü"));
        assertEquals(List.of("+fc", "-fc"), events);
    }

    @Test
    void type_shiftedSymbolsOnKrfb_areShiftWithTheUnshiftedKey() throws Exception {
        assertEquals(List.of("+ffe1", "+2c", "-2c", "-ffe1", "+ffe1", "+68", "-68", "-ffe1", "+2c", "-2c"),
                keyEvents("me@host (shared desktop)", vnc -> vnc.type("<H,")));
    }

    @Test
    void type_controlCharacter_failsBeforeSendingAnything() throws Exception {
        List<String> events = keyEvents("x", vnc -> {
            InputException e = assertThrows(InputException.class, () -> vnc.type("ab\u0007"));
            assertTrue(e.getMessage().contains("U+0007"), e.getMessage());
        });
        assertEquals(List.of(), events);
    }
}
