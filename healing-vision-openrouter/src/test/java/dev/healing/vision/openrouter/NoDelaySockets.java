package dev.healing.vision.openrouter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;

/**
 * Loopback sockets with Nagle's algorithm off on both ends. Between MockWebServer and OkHttp a
 * request otherwise stalls ~40 ms on delayed ACKs, which dominates tests that make hundreds of
 * calls; nothing here changes what is sent.
 */
final class NoDelaySockets {
    private NoDelaySockets() {
    }

    static MockWebServer server() {
        MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new ServerSocketFactory() {
            private ServerSocket socket() throws IOException {
                return new ServerSocket() {
                    @Override
                    public Socket accept() throws IOException {
                        Socket s = super.accept();
                        s.setTcpNoDelay(true);
                        return s;
                    }
                };
            }

            @Override
            public ServerSocket createServerSocket() throws IOException {
                return socket();
            }

            @Override
            public ServerSocket createServerSocket(int port) throws IOException {
                ServerSocket s = socket();
                s.bind(new InetSocketAddress(port));
                return s;
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) throws IOException {
                ServerSocket s = socket();
                s.bind(new InetSocketAddress(port), backlog);
                return s;
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
                ServerSocket s = socket();
                s.bind(new InetSocketAddress(address, port), backlog);
                return s;
            }
        });
        return server;
    }

    static OkHttpClient client() {
        SocketFactory plain = SocketFactory.getDefault();
        return new OkHttpClient.Builder().socketFactory(new SocketFactory() {
            private Socket noDelay(Socket s) throws IOException {
                s.setTcpNoDelay(true);
                return s;
            }

            @Override
            public Socket createSocket() throws IOException {
                return noDelay(plain.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return noDelay(plain.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return noDelay(plain.createSocket(host, port, local, localPort));
            }
        }).build();
    }
}
