package io.genport.spi.http;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP response whose body is streamed. Close it (or its body) to release the connection.
 *
 * @param status the status code
 * @param headers header names (case-insensitive) to values
 * @param body the body stream; never null (empty for no body)
 * @since 1
 */
public record HttpResponse(int status, Map<String, List<String>> headers, InputStream body)
    implements Closeable {
  public HttpResponse {
    requireNonNull(body, "body is null");
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    headers = Collections.unmodifiableMap(h);
  }

  /** The first value of header {@code name}, or {@code null}. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * Reads the whole body (at most {@code maxBytes}) and closes the response.
   *
   * @throws HttpTransportException when the body is larger
   */
  public byte[] readBody(int maxBytes) {
    byte[] bytes = readBodyUpTo(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new HttpTransportException(
          "response body is larger than " + maxBytes + " bytes", true, null);
    }
    return bytes;
  }

  /**
   * Reads the body, but no more than {@code limit} bytes, and closes the response; a caller sees an
   * oversized body as one of {@code limit} bytes. A body of declared length is read straight into
   * one array of that length: reading an unknown length collects chunks and copies them once more,
   * which for a body of many megabytes (an inline image) doubles what is allocated.
   */
  public byte[] readBodyUpTo(int limit) {
    try (this) {
      long declared = contentLength();
      if (declared < 0 || declared > limit) {
        return body.readNBytes(limit);
      }
      byte[] bytes = new byte[(int) declared];
      int n = body.readNBytes(bytes, 0, bytes.length);
      if (n < bytes.length) {
        return Arrays.copyOf(bytes, n);
      }
      int next = bytes.length < limit ? body.read() : -1;
      if (next < 0) {
        return bytes;
      }
      // The body outran its declared length (a decoding proxy): take the rest too.
      byte[] rest = body.readNBytes(limit - bytes.length - 1);
      byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
      all[bytes.length] = (byte) next;
      System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@link #readBodyUpTo} without blocking where the transport can collect the body itself (its
   * body is a {@link CollectableBody}); otherwise the body is read by the calling thread. The
   * response is closed either way once the body is read or has failed.
   */
  public CompletableFuture<byte[]> readBodyAsync(int limit) {
    if (body instanceof CollectableBody c) {
      CompletableFuture<byte[]> collected;
      try {
        collected = c.collect(limit);
      } catch (RuntimeException e) {
        collected = CompletableFuture.failedFuture(e);
      }
      return collected.whenComplete((bytes, err) -> closeQuietly());
    }
    try {
      return CompletableFuture.completedFuture(readBodyUpTo(limit));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Streams the body into {@code target} as it arrives, at most {@code limit} bytes, and closes the
   * response; nothing holds the whole body. Where the transport can (its body is a {@link
   * CollectableBody}) the bytes are written on its I/O thread as each chunk is received and no
   * thread waits on the body; otherwise the calling thread reads the stream through one small
   * buffer and writes it.
   *
   * @return the number of bytes written; a body longer than {@code limit} completes with {@code
   *     limit} (pass one more than the largest body accepted to tell the two apart). Fails with
   *     {@link HttpTransportException} or an {@link IOException} when reading the body fails, or
   *     with what {@code target} threw; the caller then discards what {@code target} holds.
   */
  public CompletableFuture<Long> transferBodyAsync(WritableByteChannel target, long limit) {
    requireNonNull(target, "target is null");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    if (body instanceof CollectableBody c) {
      CompletableFuture<Long> transferred;
      try {
        transferred = c.transfer(target, limit);
      } catch (RuntimeException e) {
        transferred = CompletableFuture.failedFuture(e);
      }
      return transferred.whenComplete((n, err) -> closeQuietly());
    }
    try (this) {
      return CompletableFuture.completedFuture(copyBody(target, limit));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Reads the body through one buffer of at most {@link #COPY_BUFFER} bytes into {@code target}.
   */
  private long copyBody(WritableByteChannel target, long limit) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(COPY_BUFFER, limit)));
    long copied = 0;
    while (copied < limit) {
      int n = body.read(buffer.array(), 0, (int) Math.min(buffer.capacity(), limit - copied));
      if (n < 0) {
        break;
      }
      buffer.position(0).limit(n);
      while (buffer.hasRemaining()) {
        target.write(buffer);
      }
      copied += n;
    }
    return copied;
  }

  /** The buffer a body is copied through when the transport cannot write it itself. */
  private static final int COPY_BUFFER = 16 * 1024;

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // The body is read or failed; nothing is left to release.
    }
  }

  /** The declared {@code Content-Length}, or {@code -1} when absent or unreadable. */
  public long contentLength() {
    String v = header("Content-Length");
    if (v == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(v.strip());
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + "]";
  }
}
