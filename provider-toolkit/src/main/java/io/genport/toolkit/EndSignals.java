package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import io.genport.core.port.VendorJob;
import io.genport.spi.http.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's server-sent-event channels for job ends, behind {@link JobProvider#endSignal}: one
 * status stream per waiting job (fal), at most {@code maxStreams} at once (a job beyond that is
 * polled), or one account-wide stream shared by every waiting job (Oxen), opened by the first job
 * that waits, then kept open ahead of each submit since it does not replay, and closed after a
 * minute without waiting jobs or submits. The transport's bodies are blocking streams, so each open
 * stream is read by one daemon thread; that is why per-job streams are bounded. Every failure
 * leaves the job to the router's polling. Thread-safe.
 */
final class EndSignals {
  private static final Logger LOG = LoggerFactory.getLogger(EndSignals.class);

  /** The inactivity timeout of a stream: longer than the 15 s keep-alives vendors send. */
  static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

  /** How long an idle shared stream stays open for the next job. */
  private static final Duration SHARED_LINGER = Duration.ofSeconds(60);

  /** How many ends of unknown jobs the shared stream remembers (a job ended before it waited). */
  private static final int REMEMBERED_ENDS = 4096;

  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "genport-events-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  private final String vendor;
  private final JobProtocol protocol;
  private final VendorClient client;
  private final int maxStreams;
  private final Executor readers;
  private final AtomicInteger open = new AtomicInteger();

  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
  private final Map<String, Boolean> endedEarly =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_ENDS;
        }
      };
  private SharedStream shared;

  /** Whether a job has waited on the shared stream: only then do submits open it ahead. */
  private volatile boolean sharedInUse;

  /**
   * @param vendor the vendor's name, for logs
   * @param protocol the vendor's protocol, which names the streams and reads their events
   * @param client sends the stream requests with the credential
   * @param maxStreams the most per-job streams open at once; 0 turns every channel off
   */
  EndSignals(String vendor, JobProtocol protocol, VendorClient client, int maxStreams) {
    this(vendor, protocol, client, maxStreams, READERS);
  }

  EndSignals(
      String vendor, JobProtocol protocol, VendorClient client, int maxStreams, Executor readers) {
    this.vendor = requireNonNull(vendor, "vendor is null");
    this.protocol = requireNonNull(protocol, "protocol is null");
    this.client = requireNonNull(client, "client is null");
    if (maxStreams < 0) {
      throw new IllegalArgumentException("maxStreams must be >= 0, was " + maxStreams);
    }
    this.maxStreams = maxStreams;
    this.readers = requireNonNull(readers, "readers is null");
  }

  /** The per-job streams open now. */
  int openStreams() {
    return open.get();
  }

  /**
   * Before a submit is sent: once a host waits on the shared stream, it must be listening before
   * the job can end (it does not replay). A host that never waits (it polls itself) never opens it.
   */
  void beforeSubmit() {
    if (sharedInUse && maxStreams > 0 && protocol.eventStream().isPresent()) {
      sharedStream();
    }
  }

  /** The end signal of {@code job}, or empty when it has none (the router then polls). */
  Optional<CompletableFuture<Void>> signal(VendorJob job) {
    if (maxStreams == 0) {
      return Optional.empty();
    }
    Optional<VendorCall> stream = protocol.statusStream(job);
    if (stream.isPresent()) {
      return perJob(job, stream.get());
    }
    if (protocol.eventStream().isPresent()) {
      return Optional.of(viaShared(job));
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ one stream per job

  private Optional<CompletableFuture<Void>> perJob(VendorJob job, VendorCall call) {
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      return Optional.empty();
    }
    CompletableFuture<Void> signal = new CompletableFuture<>();
    VendorCall timed =
        new VendorCall(call.method(), call.uri(), call.headers(), call.body(), STREAM_TIMEOUT);
    client
        .open(Phase.STATUS, timed)
        .whenComplete(
            (resp, err) -> {
              if (err != null) {
                open.decrementAndGet();
                signal.completeExceptionally(err);
                return;
              }
              if (resp.status() != 200 || signal.isDone()) {
                close(resp);
                open.decrementAndGet();
                signal.completeExceptionally(
                    new IOException(vendor + " status stream answered HTTP " + resp.status()));
                return;
              }
              // The router cancels the signal when it stops waiting: that ends the read too.
              signal.whenComplete((v, e) -> close(resp));
              try {
                readers.execute(() -> readJob(job, resp, signal));
              } catch (RuntimeException e) {
                close(resp);
                open.decrementAndGet();
                signal.completeExceptionally(e);
              }
            });
    return Optional.of(signal);
  }

  private void readJob(VendorJob job, HttpResponse resp, CompletableFuture<Void> signal) {
    try {
      boolean ended =
          EventStreamReader.read(
              resp.body(), e -> signal.isDone() || protocol.streamSaysEnded(job, e));
      if (ended) {
        signal.complete(null);
      } else {
        signal.completeExceptionally(
            new IOException(vendor + " status stream ended before the job did"));
      }
    } catch (IOException | RuntimeException e) {
      if (!signal.isDone()) {
        LOG.debug("{} status stream of job {} broke: {}", vendor, job.id(), e.toString());
      }
      signal.completeExceptionally(e);
    } finally {
      close(resp);
      open.decrementAndGet();
    }
  }

  // ------------------------------------------------------------------ one stream per account

  private CompletableFuture<Void> viaShared(VendorJob job) {
    sharedInUse = true;
    CompletableFuture<Void> signal = new CompletableFuture<>();
    synchronized (endedEarly) {
      if (endedEarly.remove(job.id()) != null) {
        signal.complete(null);
        return signal;
      }
      waiting.put(job.id(), signal);
    }
    signal.whenComplete((v, e) -> waiting.remove(job.id(), signal));
    SharedStream s = sharedStream();
    if (s.broken.isDone()) {
      signal.completeExceptionally(new IOException(vendor + " event stream is closed"));
    }
    return signal;
  }

  /** The open shared stream, opened now when there is none. */
  private synchronized SharedStream sharedStream() {
    if (shared == null || shared.broken.isDone()) {
      shared = new SharedStream();
      shared.start();
    }
    shared.lastUse = System.nanoTime();
    return shared;
  }

  /** One connection to the account's event stream. */
  private final class SharedStream {
    /** Completes when the stream ends; every job waiting on it then goes back to polling. */
    final CompletableFuture<Void> broken = new CompletableFuture<>();

    volatile long lastUse = System.nanoTime();
    private volatile HttpResponse response;

    void start() {
      VendorCall call = protocol.eventStream().orElseThrow();
      VendorCall timed =
          new VendorCall(call.method(), call.uri(), call.headers(), call.body(), STREAM_TIMEOUT);
      client
          .open(Phase.STATUS, timed)
          .whenComplete(
              (resp, err) -> {
                if (err != null) {
                  end(err);
                  return;
                }
                if (resp.status() != 200) {
                  close(resp);
                  end(new IOException(vendor + " event stream answered HTTP " + resp.status()));
                  return;
                }
                response = resp;
                try {
                  readers.execute(this::read);
                } catch (RuntimeException e) {
                  close(resp);
                  end(e);
                }
              });
      scheduleIdleCheck();
    }

    private void read() {
      try {
        EventStreamReader.read(response.body(), this::dispatch);
        end(new IOException(vendor + " event stream ended"));
      } catch (IOException | RuntimeException e) {
        end(e);
      } finally {
        close(response);
      }
    }

    /** Hands an end to its waiting job, or remembers it for a job not waiting yet. */
    private boolean dispatch(ServerSentEvent e) {
      String id = protocol.endedJobOf(e);
      if (id != null) {
        CompletableFuture<Void> signal;
        synchronized (endedEarly) {
          signal = waiting.remove(id);
          if (signal == null) {
            endedEarly.put(id, Boolean.TRUE);
          }
        }
        if (signal != null) {
          signal.complete(null);
        }
      }
      return broken.isDone();
    }

    private void end(Throwable why) {
      if (!broken.complete(null)) {
        return;
      }
      LOG.debug("{} event stream closed: {}", vendor, why.toString());
      HttpResponse r = response;
      if (r != null) {
        close(r);
      }
      synchronized (endedEarly) {
        waiting.values().forEach(s -> s.completeExceptionally(why));
        waiting.clear();
      }
    }

    /** Closes the stream after {@link #SHARED_LINGER} without a job waiting or a submit. */
    private void scheduleIdleCheck() {
      CompletableFuture.delayedExecutor(SHARED_LINGER.toMillis(), TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                if (broken.isDone()) {
                  return;
                }
                boolean idle =
                    waiting.isEmpty() && System.nanoTime() - lastUse >= SHARED_LINGER.toNanos();
                if (idle) {
                  end(new IOException("idle for " + SHARED_LINGER));
                } else {
                  scheduleIdleCheck();
                }
              });
    }
  }

  private static void close(HttpResponse resp) {
    try {
      resp.close();
    } catch (IOException | RuntimeException e) {
      // Closing only releases the connection; nothing is left to do.
    }
  }
}
