package dev.healing.core.vnc;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Test helper run in a child JVM whose {@code jdk.tls.disabledAlgorithms} no longer lists
 * {@code anon} (by {@link VncAnonymousTlsTest}): connects with {@code allowAnonymousTls(true)} to
 * the server given as {@code HOST:PORT}, or to its own Java server offering only security type 18,
 * and prints {@code desktop: NAME} or {@code failed: MESSAGE}.
 */
public final class AnonTlsProbe {
    private AnonTlsProbe() {
    }

    /** @param args optional {@code HOST:PORT} of a real server */
    public static void main(String[] args) throws Exception {
        String address;
        if (args.length > 0) {
            address = args[0];
        } else {
            ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> serve(listener), "anon-tls-server");
            t.setDaemon(true);
            t.start();
            address = "127.0.0.1:" + listener.getLocalPort();
        }
        try (VncClient vnc = VncClient.builder().address(address).allowAnonymousTls(true)
                // A cold JVM doing its first TLS handshake on a loaded machine took over 5 s.
                .connectTimeout(Duration.ofSeconds(30)).connect()) {
            System.out.println("desktop: " + vnc.desktopName() + " " + vnc.capture().width());
        } catch (VncException e) {
            System.out.println("failed: " + e.getMessage());
        }
    }

    /** RFB 3.8 offering only type 18; inside TLS only None; then a 4x3 desktop named "anonymous tls". */
    private static void serve(ServerSocket listener) {
        try (Socket plain = listener.accept()) {
            OutputStream o = plain.getOutputStream();
            DataInputStream i = new DataInputStream(plain.getInputStream());
            o.write(new ServerScript().text("RFB 003.008\n").u8(1).u8(18).toByteArray());
            i.readFully(new byte[13]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true);
            tls.setUseClientMode(false);
            tls.setEnabledProtocols(new String[] {"TLSv1.2"});
            tls.setEnabledCipherSuites(Arrays.stream(tls.getSupportedCipherSuites()).filter(s -> s.contains("_anon_"))
                    .toArray(String[]::new));
            tls.startHandshake();
            OutputStream out = tls.getOutputStream();
            DataInputStream in = new DataInputStream(tls.getInputStream());
            out.write(new ServerScript().u8(1).u8(1).toByteArray());
            out.flush();
            in.readUnsignedByte();
            out.write(new ServerScript().s32(0).toByteArray());
            out.flush();
            in.readUnsignedByte();
            out.write(new ServerScript().serverInit(4, 3, "anonymous tls").toByteArray());
            out.flush();
            byte[] buf = new byte[64];
            while (in.read(buf) >= 0) {
                if (buf[0] == 3) {
                    out.write(new ServerScript().update(1).rect(0, 0, 4, 3, 0).rawPixels(new int[12]).toByteArray());
                    out.flush();
                }
            }
        } catch (Exception e) {
            System.out.println("server: " + e);
        }
    }
}
