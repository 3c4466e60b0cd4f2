package io.genport.simulators;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A byte relay on loopback in front of a JDK {@code HttpServer}, one backend connection per client
 * connection. It exists because the {@code HttpServer} API cannot reset a connection: a handler
 * identifies its connection by the exchange's remote address (the relay's backend-side socket) and
 * asks the relay to reset the client side, which it does by closing that socket with {@code
 * SO_LINGER} 0 (the kernel then sends an RST).
 */
final class TcpFront implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpFront.class);

  private final InetSocketAddress backend;
  private final ExecutorService threads;
  private final ServerSocket listener;
  private final Map<Integer, Relay> byBackendPort = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param port the port to listen on, 0 for an ephemeral one
   */
  TcpFront(InetSocketAddress backend, int port, ExecutorService threads) throws IOException {
    this.backend = backend;
    this.threads = threads;
    this.listener = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
  }

  int port() {
    return listener.getLocalPort();
  }

  void start() {
    threads.execute(this::acceptLoop);
  }

  /**
   * Resets the client connection whose backend side is {@code backendRemote}. When {@code
   * afterBackendCloses} is true the reset waits until the relay has forwarded everything the server
   * wrote and the server closed its side (used to cut a response in the middle); otherwise it is
   * immediate.
   *
   * @return whether the connection was known
   */
  boolean reset(SocketAddress backendRemote, boolean afterBackendCloses) {
    if (!(backendRemote instanceof InetSocketAddress)) {
      return false;
    }
    Relay relay = byBackendPort.get(((InetSocketAddress) backendRemote).getPort());
    if (relay == null) {
      return false;
    }
    relay.resetOnClose = true;
    if (!afterBackendCloses) {
      relay.terminate();
    }
    return true;
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.warn("tcp front accept failed", e);
        }
        return;
      }
      try {
        client.setTcpNoDelay(true);
        Socket server = new Socket();
        server.setTcpNoDelay(true);
        server.connect(backend);
        Relay relay = new Relay(client, server);
        // Register before any byte flows, so the handler always finds its connection.
        byBackendPort.put(relay.backendPort, relay);
        threads.execute(relay::clientToServer);
        threads.execute(relay::serverToClient);
      } catch (IOException | RuntimeException e) {
        LOG.warn("tcp front could not relay a connection", e);
        closeQuietly(client);
      }
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(listener);
      byBackendPort.values().forEach(Relay::terminate);
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Nothing to do: the socket is going away either way.
    }
  }

  private final class Relay {
    private final Socket client;
    private final Socket server;
    private final int backendPort;
    private final AtomicBoolean done = new AtomicBoolean();
    volatile boolean resetOnClose;

    Relay(Socket client, Socket server) {
      this.client = client;
      this.server = server;
      this.backendPort = server.getLocalPort();
    }

    void clientToServer() {
      try {
        boolean eof = pump(client.getInputStream(), server.getOutputStream());
        if (eof && !done.get()) {
          // The client half-closed: pass it on and let the server finish its answer.
          server.shutdownOutput();
          return;
        }
      } catch (IOException ignored) {
        // Either side went away; fall through to terminate.
      }
      terminate();
    }

    void serverToClient() {
      try {
        pumpResponses(server.getInputStream(), client.getOutputStream());
      } catch (IOException ignored) {
        // Either side went away.
      }
      terminate();
    }

    /** Copies until EOF; returns true on EOF. */
    private boolean pump(InputStream in, OutputStream out) throws IOException {
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      return true;
    }

    /**
     * Copies the server's responses, adding the reason phrase the JDK's HTTP server leaves out of
     * status lines it has none for (422, 429...), since every vendor sends one and some clients
     * show it. A status line arrives in one read (the server writes it with its headers in one
     * flush); one split across reads is passed on as it is.
     */
    private void pumpResponses(InputStream in, OutputStream out) throws IOException {
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        byte[] fixed = ReasonPhrases.complete(buf, n);
        if (fixed == null) {
          out.write(buf, 0, n);
        } else {
          out.write(fixed);
        }
        out.flush();
      }
    }

    void terminate() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      byBackendPort.remove(backendPort, this);
      if (resetOnClose) {
        try {
          client.setSoLinger(true, 0);
        } catch (IOException ignored) {
          // Already closed: nothing to reset.
        }
      }
      closeQuietly(client);
      closeQuietly(server);
    }
  }
}
