package io.genport.archfixtures.compliant.spi.http;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Spi transport port: JDK only. */
public interface HttpTransport {
  CompletableFuture<byte[]> post(URI uri, byte[] body);
}
