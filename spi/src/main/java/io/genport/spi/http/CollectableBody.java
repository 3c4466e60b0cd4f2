package io.genport.spi.http;

import java.nio.channels.WritableByteChannel;
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

  /**
   * Writes the rest of the body to {@code target} as it arrives, on the transport's I/O thread,
   * without collecting it: each received chunk is written and its buffer reused, so the memory an
   * exchange holds is about one read window whatever the body's size. At most {@code limit} bytes
   * are written: a longer body completes with {@code limit} and the exchange is abandoned, as
   * {@link #collect} does. The future completes (off the I/O thread) with the number of bytes
   * written; it fails with {@link HttpTransportException} when the exchange fails, or with what
   * {@code target.write} threw (then the exchange is abandoned). A failed transfer leaves in {@code
   * target} whatever was written before: the caller discards it. Call once, before reading the
   * stream, and use {@code target} from no other thread until the future completes.
   */
  CompletableFuture<Long> transfer(WritableByteChannel target, long limit);
}
