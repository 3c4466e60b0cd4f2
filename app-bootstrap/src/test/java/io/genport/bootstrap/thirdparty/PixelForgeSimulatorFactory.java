package io.genport.bootstrap.thirdparty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.genport.simulators.RunningSimulator;
import io.genport.simulators.SimulatorOptions;
import io.genport.simulators.VendorSimulatorFactory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A tiny simulator of {@link PixelForgeProvider}'s protocol on loopback, registered next to the
 * provider in the {@code thirdparty/} "jar". It accepts only its own made-up token, so a run that
 * succeeds against it proves the provider was given that token and not a real one.
 */
public final class PixelForgeSimulatorFactory implements VendorSimulatorFactory {
  /** The token this simulator accepts. */
  public static final String TOKEN = "pf-simulated-7c1e5b0d9a";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String provider() {
    return PixelForgeProviderFactory.NAME;
  }

  @Override
  public RunningSimulator start(SimulatorOptions options) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicInteger ids = new AtomicInteger();
    server.createContext("/v1/", exchange -> handle(exchange, ids));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    return new RunningSimulator(
        Map.of("base-url", base),
        Map.of(PixelForgeProviderFactory.CREDENTIAL, TOKEN),
        () -> server.stop(0));
  }

  private static void handle(HttpExchange exchange, AtomicInteger ids) throws IOException {
    try (exchange) {
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        respond(exchange, 401, "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      JsonNode input = JSON.readTree(exchange.getRequestBody());
      int width = input.path("width").asInt(512);
      int height = input.path("height").asInt(512);
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      var g = image.createGraphics();
      g.setColor(new Color(input.path("seed").asInt(0) & 0xFFFFFF));
      g.fillRect(0, 0, width, height);
      g.dispose();
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      ObjectNode out = JSON.createObjectNode();
      out.put("id", "pf-" + ids.incrementAndGet());
      out.put("width", width);
      out.put("height", height);
      out.put("png", Base64.getEncoder().encodeToString(png.toByteArray()));
      respond(exchange, 200, JSON.writeValueAsBytes(out));
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(body);
    }
  }
}
