package dev.airlock.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One address in front of several Airlock instances, as a plain TCP load balancer with health by
 * connect: each new client goes to the first backend that accepts a connection, so when the first
 * instance dies its clients reconnect to the next. Bytes are copied both ways, untouched (TLS and
 * all); either side closing closes both.
 */
final class TcpBalancer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> backends;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    TcpBalancer(List<Integer> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "balancer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket backend = connect();
                if (backend == null) {
                    client.close();
                    continue;
                }
                open.add(client);
                open.add(backend);
                pipe(client, backend);
                pipe(backend, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private Socket connect() {
        for (int port : backends) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException down) {
                // the next one
            }
        }
        return null;
    }

    private void pipe(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "balancer-pipe");
        copier.setDaemon(true);
        copier.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(this::closeQuietly);
    }
}
