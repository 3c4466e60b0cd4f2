package io.genport.transport.httpclient5;

import io.genport.spi.http.CollectableBody;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request/response exchange whose body is handed to the caller as a blocking {@link
 * InputStream} while it is still arriving.
 *
 * <p>Why a custom {@link AsyncResponseConsumer} and not one of the library's:
 *
 * <ul>
 *   <li>{@code SimpleResponseConsumer} buffers the whole body without a limit, and {@code
 *       AbstractBinResponseConsumer} only completes its future at the end of the body, so neither
 *       can hand out the headers first.
 *   <li>HttpCore's {@code SharedInputBuffer} has the right flow-control protocol, but its {@code
 *       abort()} surfaces as a bare {@code InterruptedIOException("Operation aborted")}: a reset, a
 *       timeout and an oversized body would be indistinguishable, and the {@code requestSent}
 *       classification and the typed {@link ResponseTooLargeException} would be lost. It also has
 *       no hook to cancel the exchange when the reader gives up.
 * </ul>
 *
 * <p>How it works: the future returned to the caller completes in {@link #consumeResponse} (status
 * line and headers), but HttpClient's own future for the exchange is completed only at {@link
 * #streamEnd}. Keeping that future open is what lets {@code Future.cancel} still reach the exchange
 * while the body is streaming; {@link #cancelExchange()} adds a direct discard of the endpoint
 * because that cancel can be lost in a race inside HttpClient. Received bytes are queued as chunks;
 * input capacity (the HTTP/1.1 read window, the HTTP/2 stream window) is returned to HttpCore only
 * as the reader consumes them, so a stalled reader holds back the server after about one window (64
 * KiB by default). Exception: HttpCore 5.3's HTTP/1.1 chunk decoder refills from the socket while
 * it still has data, ignoring the window, so a chunked body can be buffered up to the byte cap.
 * Past the cap, {@link #consume} throws, which makes HttpClient fail the exchange and discard its
 * connection on the I/O thread.
 *
 * <p>Two modes skip the queue: {@linkplain BodyStream#collect collecting} appends each chunk to one
 * array, and {@linkplain BodyStream#transfer transferring} writes each chunk to the caller's
 * channel (an image file) on the I/O thread as it arrives, so a body of any size costs HttpCore's
 * session buffer and nothing more.
 */
final class StreamingExchange implements AsyncResponseConsumer<Void> {

  private static final Logger LOG = LoggerFactory.getLogger(HttpClient5Transport.class);

  /** Return capacity in batches, not per read, so small reads do not flood the I/O thread. */
  private static final int CREDIT_BATCH = 16 * 1024;

  /** The smallest chunk allocated: a socket read of HttpCore's default 8 KiB buffer, twice. */
  private static final int CHUNK_BYTES = 16 * 1024;

  /**
   * Drained chunks kept for reuse: enough for a full 64 KiB window of small reads; a chunked body
   * that overruns the window (see above) allocates past it, as before.
   */
  private static final int MAX_SPARE_CHUNKS = 8;

  private final String target;
  private final long maxBytes;
  private final Failures.Secrets secrets;

  /** Completes a collected body off the I/O thread, where its dependent stages may block. */
  private final Executor deliver;

  private final CompletableFuture<HttpResponse> head = new CompletableFuture<>();
  private final AtomicBoolean requestStarted = new AtomicBoolean();
  private final AtomicReference<Future<?>> clientFuture = new AtomicReference<>();
  private final InputStream body = new BodyStream();
  private volatile boolean cancelWanted;
  private volatile AsyncExecRuntime runtime;
  private volatile boolean exchangeFailed;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
  // Drained chunks, reused by consume(): the flow-control window bounds how many are in use, so an
  // exchange allocates about one window of buffers however large its body is.
  private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();
  private long buffered;
  private long received;
  private boolean ended;
  private boolean closed;
  private HttpTransportException failure;
  private CapacityChannel capacity;
  private int credit;
  private FutureCallback<Void> resultCallback;
  private long declaredLength = -1;
  // Collect mode (see collect()): bytes go straight from the I/O thread into this array.
  private CompletableFuture<byte[]> collected;
  // Whether the collect's outcome is decided; it is completed later, off the I/O thread.
  private boolean collectSettled;
  private byte[] collectInto;
  private int collectCount;
  private int collectLimit;
  // Transfer mode (see transfer()): bytes go straight from the I/O thread into the target channel.
  private CompletableFuture<Long> transferred;
  private boolean transferSettled;
  private WritableByteChannel transferTarget;
  private long transferCount;
  private long transferLimit;

  StreamingExchange(String target, long maxBytes, Failures.Secrets secrets, Executor deliver) {
    this.target = target;
    this.maxBytes = maxBytes;
    this.secrets = secrets;
    this.deliver = deliver;
    // Whatever ends the caller's future before the head arrives (cancel, orTimeout) must also end
    // the exchange, or its connection stays leased. A failure of the exchange itself needs no
    // cancel, and cancelling from inside HttpClient's failure callback would re-enter it.
    head.whenComplete(
        (r, e) -> {
          if (e != null && !exchangeFailed) {
            cancelExchange();
          }
        });
  }

  /** Completes with the status line and headers; the body streams afterwards. */
  CompletableFuture<HttpResponse> head() {
    return head;
  }

  /**
   * Called from a request interceptor just before HttpClient writes the request. Refuses to start
   * an exchange that was cancelled meanwhile; see {@link #cancelExchange()} for why.
   */
  void markRequestStarted() throws Abort {
    requestStarted.set(true);
    if (cancelWanted) {
      throw new Abort("cancelled before the request was written");
    }
  }

  /** Gives this exchange HttpClient's future so that closing the body can cancel it. */
  void attach(Future<?> future) {
    clientFuture.set(future);
    if (cancelWanted) {
      cancelExchange();
    }
  }

  /** Called from HttpClient's exec chain before a connection is leased. */
  void bind(AsyncExecRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Fails the exchange as not sent if it is still waiting for a pooled connection; completing the
   * caller's future makes its completion hook cancel the lease.
   */
  void expireIfStillWaitingForConnection(Duration waited) {
    AsyncExecRuntime r = runtime;
    if (r == null || head.isDone() || requestStarted.get() || r.isEndpointAcquired()) {
      return;
    }
    head.completeExceptionally(
        new HttpTransportException(
            target + ": timed out waiting for a pooled connection (" + waited.toMillis() + " ms)",
            false,
            null));
  }

  /**
   * Fails the exchange, before HttpClient saw it, with {@code failure} exactly as given (a closed
   * transport, a policy refusal).
   */
  void failEarly(RuntimeException failure) {
    exchangeFailed = true;
    head.completeExceptionally(failure);
  }

  /**
   * Ends the exchange wherever it is. Cancelling HttpClient's future alone is not enough:
   * HttpClient swaps the future's cancellable dependency ({@code ComplexFuture.setDependency})
   * right after it hands the request to the connection, and that check-then-set is not atomic
   * against a concurrent {@code cancel}, so a cancel racing with it is lost and the connection
   * stays leased until the response timeout (seen in about 1 run in 20 of the early-close test).
   * Hence two more steps:
   *
   * <ul>
   *   <li>Once the request has started, discard the endpoint through the exchange's own runtime: it
   *       closes the connection and returns the lease whatever the race did. The runtime belongs to
   *       this exchange and forgets its endpoint once released, so this never touches a connection
   *       serving another exchange; with HTTP/2 it closes the connection, which is fine because
   *       connections are not multiplexed across exchanges.
   *   <li>Before that, {@link #markRequestStarted()} sees {@code cancelWanted} and aborts. The two
   *       volatile flags are written then read in opposite orders by the two threads, so at least
   *       one of them sees the other.
   * </ul>
   *
   * Before the request starts, a lost cancel is harmless: HttpClient's next {@code setDependency}
   * sees the future done and cancels at once.
   */
  private void cancelExchange() {
    cancelWanted = true;
    Future<?> f = clientFuture.get();
    if (f != null) {
      f.cancel(true);
    }
    AsyncExecRuntime r = runtime;
    if (r != null && requestStarted.get()) {
      r.markConnectionNonReusable();
      r.discardEndpoint();
    }
  }

  @Override
  public void consumeResponse(
      org.apache.hc.core5.http.HttpResponse response,
      EntityDetails entityDetails,
      HttpContext context,
      FutureCallback<Void> resultCallback)
      throws IOException {
    boolean tooLarge = entityDetails != null && entityDetails.getContentLength() > maxBytes;
    lock.lock();
    try {
      this.resultCallback = resultCallback;
      declaredLength = entityDetails == null ? 0 : entityDetails.getContentLength();
      if (entityDetails == null) {
        ended = true;
      }
      if (tooLarge) {
        failure = new ResponseTooLargeException(target, maxBytes);
      }
    } finally {
      lock.unlock();
    }
    LOG.debug("{} -> {}", target, response.getCode());
    boolean delivered =
        head.complete(new HttpResponse(response.getCode(), headersOf(response), body));
    if (entityDetails == null) {
      // HttpClient passes no data consumer for a body-less response, so streamEnd never comes.
      resultCallback.completed(null);
      return;
    }
    if (tooLarge) {
      throw new Abort("Content-Length " + entityDetails.getContentLength() + " above the cap");
    }
    if (!delivered) {
      lock.lock();
      try {
        closed = true;
      } finally {
        lock.unlock();
      }
      throw new Abort("the caller no longer waits for this response");
    }
  }

  @Override
  public void informationResponse(
      org.apache.hc.core5.http.HttpResponse response, HttpContext context) {
    // 1xx responses carry nothing the caller needs.
  }

  @Override
  public void updateCapacity(CapacityChannel channel) throws IOException {
    int grant;
    lock.lock();
    try {
      if (ended || closed || failure != null) {
        return;
      }
      capacity = channel;
      if (collected != null) {
        grant = collectWindow();
      } else if (transferred != null) {
        grant = transferWindow();
      } else {
        grant = credit;
        credit = 0;
      }
    } finally {
      lock.unlock();
    }
    if (grant > 0) {
      channel.update(grant);
    }
  }

  @Override
  public void consume(ByteBuffer src) throws IOException {
    int n = src.remaining();
    CompletableFuture<byte[]> finishCollect = null;
    byte[] finished = null;
    CompletableFuture<Long> settleTransfer = null;
    Throwable transferError = null;
    long transferredBytes = 0;
    boolean abandon = false;
    lock.lock();
    try {
      if (failure != null) {
        src.position(src.limit());
        throw new Abort("the exchange already failed");
      }
      if (closed) {
        // The reader is gone and cancellation is on its way; data that still arrives is dropped.
        src.position(src.limit());
        return;
      }
      received += n;
      if (received > maxBytes) {
        failure = new ResponseTooLargeException(target, maxBytes);
        chunks.clear();
        spare.clear();
        buffered = 0;
        changed.signalAll();
        src.position(src.limit());
        throw new Abort("body above the cap");
      }
      if (collected != null) {
        if (!appendCollected(src)) {
          // Past the caller's limit: it gets the first limit bytes, the exchange is abandoned.
          finishCollect = collected;
          finished = collectedBytes();
          collectSettled = true;
          closed = true;
          abandon = true;
        }
      } else if (transferred != null) {
        try {
          if (!writeTransferred(src)) {
            // Past the caller's limit: the first limit bytes are written, the exchange abandoned.
            settleTransfer = transferred;
            transferredBytes = transferCount;
            abandon = true;
          }
        } catch (IOException | RuntimeException e) {
          src.position(src.limit());
          settleTransfer = transferred;
          transferError = e;
          abandon = true;
        }
        if (abandon) {
          transferSettled = true;
          transferTarget = null;
          closed = true;
        }
      } else {
        queue(src, n);
      }
    } finally {
      lock.unlock();
    }
    if (finishCollect != null) {
      CompletableFuture<byte[]> f = finishCollect;
      byte[] bytes = finished;
      deliver.execute(() -> f.complete(bytes));
    }
    if (settleTransfer != null) {
      settle(settleTransfer, transferredBytes, transferError);
    }
    if (abandon) {
      throw new Abort(
          transferError != null ? "the body's target failed" : "body above the caller's limit");
    }
  }

  /** Queues a copy of {@code src} for the reader, reusing a drained chunk where one fits. */
  private void queue(ByteBuffer src, int n) {
    {
      ByteBuffer last = chunks.peekLast();
      if (last != null && appendable(last, n)) {
        // Small reads share a chunk rather than each pinning a whole buffer.
        int end = last.limit();
        last.limit(end + n).position(end);
        last.put(src).position(0);
      } else {
        ByteBuffer copy = spare.pollFirst();
        if (copy == null || copy.capacity() < n) {
          copy = ByteBuffer.allocate(Math.max(n, CHUNK_BYTES));
        }
        copy.clear();
        copy.put(src).flip();
        chunks.addLast(copy);
      }
      buffered += n;
      changed.signalAll();
    }
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    FutureCallback<Void> cb;
    CompletableFuture<byte[]> finishCollect = null;
    byte[] finished = null;
    CompletableFuture<Long> finishTransfer = null;
    long transferredBytes = 0;
    lock.lock();
    try {
      ended = true;
      capacity = null;
      cb = resultCallback;
      if (collected != null && !collectSettled) {
        finishCollect = collected;
        finished = collectedBytes();
        collectSettled = true;
      }
      if (transferred != null && !transferSettled) {
        finishTransfer = transferred;
        transferSettled = true;
        transferTarget = null;
        transferredBytes = transferCount;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (finishCollect != null) {
      CompletableFuture<byte[]> f = finishCollect;
      byte[] bytes = finished;
      deliver.execute(() -> f.complete(bytes));
    }
    if (finishTransfer != null) {
      settle(finishTransfer, transferredBytes, null);
    }
    if (cb != null) {
      cb.completed(null);
    }
  }

  @Override
  public void failed(Exception cause) {
    HttpTransportException mapped = Failures.map(cause, requestStarted.get(), target, secrets);
    exchangeFailed = true;
    if (head.completeExceptionally(mapped)) {
      LOG.debug("{} failed: {}", target, mapped.getMessage());
    }
    CompletableFuture<byte[]> failedCollect = null;
    CompletableFuture<Long> failedTransfer = null;
    lock.lock();
    try {
      if (collected != null && !collectSettled) {
        failedCollect = collected;
        collectSettled = true;
      }
      if (transferred != null && !transferSettled) {
        failedTransfer = transferred;
        transferSettled = true;
        transferTarget = null;
      }
      if (!ended && !closed && failure == null) {
        failure = mapped;
        chunks.clear();
        spare.clear();
        buffered = 0;
        LOG.debug("{} failed while streaming the body: {}", target, mapped.getMessage());
      }
      capacity = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (failedCollect != null) {
      CompletableFuture<byte[]> f = failedCollect;
      deliver.execute(() -> f.completeExceptionally(mapped));
    }
    if (failedTransfer != null) {
      settle(failedTransfer, 0, mapped);
    }
  }

  /** Completes a transfer off the I/O thread, where its dependent stages may block. */
  private void settle(CompletableFuture<Long> f, long written, Throwable error) {
    if (error != null) {
      deliver.execute(() -> f.completeExceptionally(error));
    } else {
      deliver.execute(() -> f.complete(written));
    }
  }

  /**
   * The window granted while transferring: like {@link #collectWindow()}, the rest of the body up
   * to one byte past the limit. Each chunk is written to the target as it arrives and nothing is
   * queued, so a wide window costs no memory here: HttpCore reads into its own session buffer.
   */
  private int transferWindow() {
    // Bounded before adding one: a limit of Long.MAX_VALUE must not overflow into no window.
    return (int) (Math.min(1L << 30, transferLimit - transferCount) + 1);
  }

  /** Writes {@code src} to the transfer target up to the limit; false once past the limit. */
  private boolean writeTransferred(ByteBuffer src) throws IOException {
    int n = src.remaining();
    int end = src.limit();
    long room = transferLimit - transferCount;
    if (n > room) {
      src.limit(src.position() + (int) room);
    }
    int take = src.remaining();
    while (src.hasRemaining()) {
      transferTarget.write(src);
    }
    transferCount += take;
    if (take < n) {
      src.limit(end).position(end);
      return false;
    }
    return true;
  }

  @Override
  public void releaseResources() {
    lock.lock();
    try {
      capacity = null;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes received but not yet read, for tests: {@code -1} if {@code body} is not ours. */
  static long bufferedBytes(InputStream body) {
    if (body instanceof BodyStream b) {
      return b.buffered();
    }
    return -1;
  }

  /**
   * The window granted while collecting: the rest of the body up to one byte past the limit (so an
   * overrun is seen), bounded so that adding it to a window never overflows a protocol's counter.
   */
  private int collectWindow() {
    return (int) Math.min(1L << 30, (long) collectLimit - collectCount + 1);
  }

  /** Appends to the collect array, growing it up to the limit; false once past the limit. */
  private boolean appendCollected(ByteBuffer src) {
    int n = src.remaining();
    int room = collectLimit - collectCount;
    int take = Math.min(n, room);
    if (collectCount + take > collectInto.length) {
      int grown =
          (int)
              Math.min(collectLimit, Math.max((long) collectCount + take, collectInto.length * 2L));
      collectInto = Arrays.copyOf(collectInto, grown);
    }
    src.get(collectInto, collectCount, take);
    collectCount += take;
    if (take < n) {
      src.position(src.limit());
      return false;
    }
    return true;
  }

  /** The collected bytes: the array itself when it was sized right (a declared length). */
  private byte[] collectedBytes() {
    return collectCount == collectInto.length
        ? collectInto
        : Arrays.copyOf(collectInto, collectCount);
  }

  /** Whether {@code n} more bytes fit after {@code chunk}'s data (it is in read mode, unread). */
  private static boolean appendable(ByteBuffer chunk, int n) {
    return chunk.position() == 0 && chunk.capacity() - chunk.limit() >= n;
  }

  private static Map<String, List<String>> headersOf(org.apache.hc.core5.http.HttpResponse r) {
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Iterator<Header> it = r.headerIterator(); it.hasNext(); ) {
      Header h = it.next();
      out.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
    }
    return out;
  }

  /** The caller's view of the body. Reads block until bytes, the end or a failure arrive. */
  private final class BodyStream extends InputStream implements CollectableBody {

    @Override
    public CompletableFuture<byte[]> collect(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative: " + limit);
      }
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      CapacityChannel grantTo = null;
      int grant = 0;
      boolean abandon = false;
      byte[] done = null;
      Exception refused = null;
      lock.lock();
      try {
        refuseSecondTakeover();
        collected = f;
        if (closed) {
          refused = new IOException(target + ": response body is closed");
          collectSettled = true;
        } else if (failure != null) {
          refused = failure;
          collectSettled = true;
        } else {
          collectLimit = limit;
          collectInto =
              new byte
                  [declaredLength >= 0 && declaredLength <= limit
                      ? (int) declaredLength
                      : (int) Math.min(limit, Math.max(buffered, CHUNK_BYTES))];
          boolean fits = true;
          for (ByteBuffer c = chunks.pollFirst(); c != null && fits; c = chunks.pollFirst()) {
            fits = appendCollected(c);
          }
          chunks.clear();
          spare.clear();
          buffered = 0;
          if (!fits) {
            collectSettled = true;
            done = collectedBytes();
            closed = true;
            abandon = !ended;
            capacity = null;
          } else if (ended) {
            collectSettled = true;
            done = collectedBytes();
          } else {
            // Collecting holds no backlog: open the window for the rest of the body at once, as
            // HttpCore's own buffering consumers do; the limit bounds what can arrive.
            grantTo = capacity;
            grant = collectWindow();
          }
        }
      } finally {
        lock.unlock();
      }
      // Completed outside the lock: dependent stages run here and may start other exchanges.
      if (refused != null) {
        f.completeExceptionally(refused);
        return f;
      }
      if (done != null) {
        f.complete(done);
      }
      afterTakeover(abandon, grantTo, grant);
      return f;
    }

    /**
     * What follows, outside the lock, when collecting or transferring took the body over: drop an
     * exchange whose body is already past the limit, or open the window for the rest of it.
     */
    private void afterTakeover(boolean abandon, CapacityChannel grantTo, int grant) {
      if (abandon) {
        cancelExchange();
      }
      if (grantTo != null && grant > 0) {
        try {
          grantTo.update(grant);
        } catch (IOException e) {
          LOG.trace("{} capacity update failed: {}", target, e.toString());
        }
      }
    }

    /** A body is collected or transferred once; called under the lock. */
    private void refuseSecondTakeover() {
      if (collected != null || transferred != null) {
        throw new IllegalStateException(target + ": the body is already being collected");
      }
    }

    @Override
    public CompletableFuture<Long> transfer(WritableByteChannel to, long limit) {
      Objects.requireNonNull(to, "target is null");
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative: " + limit);
      }
      CompletableFuture<Long> f = new CompletableFuture<>();
      CapacityChannel grantTo = null;
      int grant = 0;
      boolean abandon = false;
      boolean done = false;
      long written = 0;
      Exception refused = null;
      lock.lock();
      try {
        refuseSecondTakeover();
        transferred = f;
        if (closed) {
          refused = new IOException(target + ": response body is closed");
          transferSettled = true;
        } else if (failure != null) {
          refused = failure;
          transferSettled = true;
        } else {
          transferTarget = to;
          transferLimit = limit;
          // What arrived before the transfer started is written first, in order.
          boolean fits = true;
          try {
            for (ByteBuffer c = chunks.pollFirst(); c != null && fits; c = chunks.pollFirst()) {
              fits = writeTransferred(c);
            }
          } catch (IOException | RuntimeException e) {
            refused = e;
          }
          chunks.clear();
          spare.clear();
          buffered = 0;
          if (refused != null || !fits) {
            transferSettled = true;
            transferTarget = null;
            written = transferCount;
            done = refused == null;
            closed = true;
            abandon = !ended;
            capacity = null;
          } else if (ended) {
            transferSettled = true;
            transferTarget = null;
            written = transferCount;
            done = true;
          } else {
            // Nothing is queued while transferring: open the window for the rest of the body.
            grantTo = capacity;
            grant = transferWindow();
          }
        }
      } finally {
        lock.unlock();
      }
      if (refused != null) {
        f.completeExceptionally(refused);
      } else if (done) {
        f.complete(written);
      }
      afterTakeover(abandon, grantTo, grant);
      return f;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      CapacityChannel grantTo = null;
      int grant = 0;
      int n;
      lock.lock();
      try {
        while (true) {
          if (closed) {
            throw new IOException(target + ": response body is closed");
          }
          if (failure != null) {
            throw failure;
          }
          if (len == 0) {
            return 0;
          }
          if (!chunks.isEmpty()) {
            break;
          }
          if (ended) {
            return -1;
          }
          try {
            changed.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(target + ": interrupted while reading the body");
          }
        }
        ByteBuffer first = chunks.peekFirst();
        n = Math.min(len, first.remaining());
        first.get(b, off, n);
        if (!first.hasRemaining()) {
          chunks.pollFirst();
          if (spare.size() < MAX_SPARE_CHUNKS) {
            spare.addLast(first);
          }
        }
        buffered -= n;
        if (!ended) {
          credit += n;
          if (capacity != null && (buffered == 0 || credit >= CREDIT_BATCH)) {
            grantTo = capacity;
            grant = credit;
            credit = 0;
          }
        }
      } finally {
        lock.unlock();
      }
      if (grantTo != null) {
        try {
          grantTo.update(grant);
        } catch (IOException e) {
          // The connection is going away; its failure reaches this stream through failed().
          LOG.trace("{} capacity update failed: {}", target, e.toString());
        }
      }
      return n;
    }

    long buffered() {
      lock.lock();
      try {
        return buffered;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int available() {
      lock.lock();
      try {
        return closed || failure != null ? 0 : (int) Math.min(buffered, Integer.MAX_VALUE);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      boolean cancel;
      CompletableFuture<byte[]> pendingCollect;
      CompletableFuture<Long> pendingTransfer;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        cancel = !ended;
        pendingCollect = collected != null && !collectSettled ? collected : null;
        collectSettled = true;
        pendingTransfer = transferred != null && !transferSettled ? transferred : null;
        transferSettled = true;
        transferTarget = null;
        chunks.clear();
        spare.clear();
        buffered = 0;
        capacity = null;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (pendingCollect != null) {
        pendingCollect.completeExceptionally(
            new IOException(target + ": response body closed while collecting"));
      }
      if (pendingTransfer != null) {
        pendingTransfer.completeExceptionally(
            new IOException(target + ": response body closed while transferring"));
      }
      if (cancel) {
        LOG.debug("{} body closed before its end; discarding the connection", target);
        cancelExchange();
      }
    }
  }

  /**
   * Thrown on the I/O thread to make HttpClient abort the exchange; the reader sees the typed
   * failure recorded before it, never this.
   */
  static final class Abort extends IOException {
    private static final long serialVersionUID = 1L;

    Abort(String message) {
      super(message);
    }
  }
}
