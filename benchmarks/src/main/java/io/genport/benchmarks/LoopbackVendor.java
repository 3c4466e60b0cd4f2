package io.genport.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server that answers like fal (sync {@code fal.run} and the queue) and Bedrock's {@code
 * InvokeModel}, with canned answers so that its own cost is small and the same for every client
 * measured against it. Jobs finish at once: the first status request sees COMPLETED.
 *
 * <p>Paths: {@code POST /run/<owner>/<app>} (sync), {@code POST /queue/<owner>/<app>} (submit),
 * {@code GET /queue/<owner>/<app>/requests/<id>/status}, {@code GET
 * /queue/<owner>/<app>/requests/<id>} (result), {@code GET /media/image} (the image), {@code POST
 * /bedrock/model/<id>/invoke} (base64 inline). The images answer carries the image as a URL or as a
 * {@code data:} URI, as {@link Inline} says.
 *
 * <p>Its threads are named {@value #THREAD_PREFIX}..., so allocation figures can leave them out.
 */
final class LoopbackVendor implements AutoCloseable {

  /** Prefix of every thread this server runs on (the JDK server's dispatcher included). */
  static final String THREAD_PREFIX = "loopback-vendor";

  /** How the fal answers carry the image. */
  enum Inline {
    URL,
    DATA_URI
  }

  private final HttpServer server;
  private final ExecutorService workers;
  private final byte[] image;
  private final byte[] imagesByUrl;
  private final byte[] imagesByDataUri;
  private final byte[] bedrockAnswer;
  private volatile Inline inline = Inline.URL;
  private final AtomicLong ids = new AtomicLong();
  private final String origin;

  static {
    // Without it the JDK server's separate header and body writes meet the client's delayed ACK:
    // every answer would wait about 40 ms (Nagle), for both clients alike, hiding everything else.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  LoopbackVendor(byte[] image) {
    this.image = image.clone();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    origin = "http://127.0.0.1:" + server.getAddress().getPort();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, THREAD_PREFIX + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    // Enough workers that 64 keep-alive connections never queue behind each other on the server.
    workers = Executors.newFixedThreadPool(72, threads);
    server.setExecutor(workers);
    String seedAndSize = "\"seed\":42";
    String imageUrl = origin + "/media/image";
    imagesByUrl =
        ("{\"images\":[{\"url\":\""
                + imageUrl
                + "\",\"width\":1024,\"height\":1024,\"content_type\":\"image/png\"}],"
                + seedAndSize
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    String b64 = Base64.getEncoder().encodeToString(image);
    imagesByDataUri =
        ("{\"images\":[{\"url\":\"data:image/png;base64,"
                + b64
                + "\",\"width\":1024,\"height\":1024,\"content_type\":\"image/png\"}],"
                + seedAndSize
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    bedrockAnswer = ("{\"images\":[\"" + b64 + "\"]}").getBytes(StandardCharsets.UTF_8);
    server.createContext("/", this::handle);
    // The dispatcher thread takes its name from the thread that starts the server.
    Thread starter = threads.newThread(server::start);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Switches how fal answers carry the image. */
  void inline(Inline how) {
    this.inline = how;
  }

  /** The image every answer carries. */
  byte[] image() {
    return image.clone();
  }

  int imageSize() {
    return image.length;
  }

  /** The fal sync host: {@code POST <runBase>/<owner>/<app>}. */
  URI runBase() {
    return URI.create(origin + "/run");
  }

  /** The fal queue host. */
  URI queueBase() {
    return URI.create(origin + "/queue");
  }

  /** Bedrock's runtime endpoint. */
  URI bedrockBase() {
    return URI.create(origin + "/bedrock");
  }

  String host() {
    return "127.0.0.1";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      drain(ex.getRequestBody());
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("GET") && path.equals("/media/image")) {
        send(ex, 200, "image/png", image);
      } else if (method.equals("POST") && path.startsWith("/run/")) {
        ex.getResponseHeaders().add("x-fal-request-id", "sync-" + ids.incrementAndGet());
        send(ex, 200, "application/json", images());
      } else if (method.equals("POST") && path.startsWith("/bedrock/model/")) {
        send(ex, 200, "application/json", bedrockAnswer);
      } else if (method.equals("POST") && path.startsWith("/queue/")) {
        String[] parts = path.substring("/queue/".length()).split("/");
        String id = "req-" + ids.incrementAndGet();
        String base = origin + "/queue/" + parts[0] + "/" + parts[1] + "/requests/" + id;
        String answer =
            "{\"request_id\":\""
                + id
                + "\",\"status\":\"IN_QUEUE\",\"queue_position\":0,\"status_url\":\""
                + base
                + "/status\",\"response_url\":\""
                + base
                + "\",\"cancel_url\":\""
                + base
                + "/cancel\"}";
        send(ex, 200, "application/json", answer.getBytes(StandardCharsets.UTF_8));
      } else if (method.equals("GET") && path.startsWith("/queue/") && path.endsWith("/status")) {
        send(
            ex,
            200,
            "application/json",
            "{\"status\":\"COMPLETED\",\"logs\":[]}".getBytes(StandardCharsets.UTF_8));
      } else if (method.equals("GET")
          && path.startsWith("/queue/")
          && path.contains("/requests/")) {
        send(ex, 200, "application/json", images());
      } else {
        send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}".getBytes());
      }
    }
  }

  private byte[] images() {
    return inline == Inline.URL ? imagesByUrl : imagesByDataUri;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] skip = new byte[8192];
    while (in.read(skip) >= 0) {
      // the request body is not needed
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      // Slices, so the body arrives as a stream does: in many reads, not one.
      for (int off = 0; off < body.length; off += 64 * 1024) {
        out.write(body, off, Math.min(64 * 1024, body.length - off));
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
