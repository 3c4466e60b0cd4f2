package io.genport.transport.httpclient5;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot raw socket server that answers with a head and part of a Content-Length body, then
 * waits for {@link #cut} and either resets the connection (SO_LINGER 0, so the kernel sends RST) or
 * closes it normally (a premature end of the declared body).
 */
final class RawServer implements AutoCloseable {

  static final int DECLARED = 100_000;
  static final int SENT = 1_000;

  final CountDownLatch cut = new CountDownLatch(1);
  private final ServerSocket socket;
  private final Thread thread;

  RawServer(boolean reset) throws IOException {
    socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    thread = new Thread(() -> serve(reset), "raw-server");
    thread.setDaemon(true);
    thread.start();
  }

  URI uri() {
    return URI.create(
        "http://"
            + InetAddress.getLoopbackAddress().getHostAddress()
            + ":"
            + socket.getLocalPort()
            + "/raw");
  }

  private void serve(boolean reset) {
    try (Socket s = socket.accept()) {
      readHead(s.getInputStream());
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                  + DECLARED
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] part = new byte[SENT];
      Arrays.fill(part, (byte) 'r');
      out.write(part);
      out.flush();
      cut.await(10, TimeUnit.SECONDS);
      if (reset) {
        s.setSoLinger(true, 0);
      }
    } catch (IOException | InterruptedException e) {
      // The test decides what counts as failure.
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed before sending a full request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    cut.countDown();
    socket.close();
  }
}
