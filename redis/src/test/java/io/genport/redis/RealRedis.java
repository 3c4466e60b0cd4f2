package io.genport.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real redis-server 7.0.15 started from the embedded-redis jar on a free loopback port, with an
 * append-only file so a stop and start keeps what it acknowledged, as a production Redis with
 * persistence does. No Docker, no mock.
 */
public final class RealRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final String[] extra;
  private RedisServer server;

  public RealRedis(String... extraSettings) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.dir = Files.createTempDirectory("genport-redis-test");
    this.extra = extraSettings;
    start();
  }

  public synchronized void start() {
    var b =
        RedisServer.builder()
            .port(port)
            .setting("bind 127.0.0.1")
            .setting("appendonly yes")
            .setting("appendfsync always")
            .setting("save \"\"")
            .setting("dir " + dir);
    for (String s : extra) {
      b.setting(s);
    }
    server = b.build();
    server.start();
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    stop();
  }
}
