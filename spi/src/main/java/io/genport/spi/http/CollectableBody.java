package io.genport.spi.http;

import java.util.concurrent.CompletableFuture;

/**
 * A response body that can be collected whole without a thread blocked reading it: the transport
 * appends the bytes as they arrive, on its own I/O thread, and completes the future at the end. A
 * body stream read by another thread wakes that thread once per chunk received; collecting does
 * not. {@link HttpResponse#readBodyAsync} uses it when the transport's body offers it.
 *
 * @since 1
 */
public interface CollectableBody {

  /**
   * Collects the rest of the body, at most {@code limit} bytes: a longer body completes with its
   * first {@code limit} bytes and the exchange is abandoned, as closing a stream early abandons it.
   * A body of declared length is collected into one array of that length. The future fails with
   * {@link HttpTransportException} when the exchange fails. Call once, before reading the stream.
   */
  CompletableFuture<byte[]> collect(int limit);
}
