package io.genport.transport.httpclient5;

import static java.util.Objects.requireNonNull;

import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import io.genport.spi.http.HttpTransportException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpTransport} on Apache HttpClient 5's async client: one pooled client per instance,
 * built once and shared by every provider; HTTP/1.1, or HTTP/2 where TLS ALPN negotiates it.
 *
 * <ul>
 *   <li>HttpClient's automatic retries, redirects, cookies, authentication and protocol upgrade are
 *       off: the core owns the one retry loop, callers handle redirects, and nothing stateful may
 *       carry a credential from one request to another.
 *   <li>The returned future completes when the status line and headers have arrived; the body is
 *       then streamed (see {@link StreamingExchange}) and capped at {@link
 *       HttpClient5Settings#maxResponseBytes()}. The caller must close the response; closing it
 *       before the end cancels the exchange and discards its connection.
 *   <li>Transport failures complete the future, or surface from the body stream, as {@link
 *       HttpTransportException}. {@code requestSent} is true once HttpClient has begun writing the
 *       request on a connection: refused connections, DNS and TLS failures, connect timeouts and
 *       pool-wait timeouts are false; a reset or timeout after that is true.
 *   <li>A request carrying a {@linkplain HttpRequest#isSensitive sensitive} header is refused (its
 *       future fails with {@link IllegalStateException}, nothing is sent) while one of HttpClient's
 *       clear-text loggers is at DEBUG; see the package documentation.
 *   <li>Invalid requests (not http or https, no host, user info in the URI, a non-positive timeout)
 *       make {@link #send} throw {@link IllegalArgumentException}: they are bugs, not outages.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} releases the I/O threads and every pooled connection.
 *
 * @since 1
 */
public final class HttpClient5Transport implements HttpTransport, AutoCloseable {

  /** Prints every request header line, credentials included, at DEBUG. */
  public static final String HEADERS_LOGGER = "org.apache.hc.client5.http.headers";

  /** Prints HTTP/2 frame payloads (HPACK-encoded header blocks included) at DEBUG. */
  public static final String FRAME_PAYLOAD_LOGGER = "org.apache.hc.client5.http2.frame.payload";

  /** Prints every byte on the wire at DEBUG; this transport never installs it. */
  public static final String WIRE_LOGGER = "org.apache.hc.client5.http.wire";

  private static final Logger LOG = LoggerFactory.getLogger(HttpClient5Transport.class);
  private static final Logger HEADERS_LOG = LoggerFactory.getLogger(HEADERS_LOGGER);
  private static final Logger FRAME_PAYLOAD_LOG = LoggerFactory.getLogger(FRAME_PAYLOAD_LOGGER);

  private static final String EXCHANGE_ATTRIBUTE = "io.genport.transport.httpclient5.exchange";

  /**
   * Headers HttpClient computes itself. A caller's copy would either be rejected by HttpClient
   * (Content-Length, Transfer-Encoding) or make an HTTP/2 request malformed (connection-specific
   * headers), and a caller's Host could steer a credential to another virtual host.
   */
  private static final Set<String> MANAGED_HEADERS =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "proxy-connection",
          "upgrade",
          "te");

  private final HttpClient5Settings settings;
  private final PoolingAsyncClientConnectionManager connections;
  private final RequestConfig defaultRequestConfig;
  private final CloseableHttpAsyncClient client;
  private final ScheduledThreadPoolExecutor timers;
  private final java.util.concurrent.ExecutorService callbacks =
      java.util.concurrent.Executors.newCachedThreadPool(
          new DefaultThreadFactory("genport-http-callback", true));
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A transport with {@link HttpClient5Settings#defaults()}. */
  public HttpClient5Transport() {
    this(HttpClient5Settings.defaults());
  }

  public HttpClient5Transport(HttpClient5Settings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    Timeout connectTimeout = Timeout.of(settings.connectTimeout());
    this.connections =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnTotal(settings.maxConnectionsTotal())
            .setMaxConnPerRoute(settings.maxConnectionsPerRoute())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(connectTimeout)
                    // A pooled connection idle this long is checked before reuse, so a request is
                    // rarely written onto a socket the server already closed (which would make
                    // its failure ambiguous).
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    // Bounded lifetime so DNS changes are eventually picked up.
                    .setTimeToLive(TimeValue.ofMinutes(10))
                    .build())
            .setDefaultTlsConfig(
                TlsConfig.custom()
                    .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
                    .setHandshakeTimeout(connectTimeout)
                    .build())
            .build();
    this.defaultRequestConfig =
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.of(settings.poolWaitTimeout()))
            .setResponseTimeout(Timeout.of(settings.responseTimeout()))
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .setProtocolUpgradeEnabled(false)
            // Lets cancelling HttpClient's future abort an exchange in flight (StreamingExchange).
            .setHardCancellationEnabled(true)
            .build();
    HttpRequestInterceptor requestStarted =
        (request, entity, context) -> {
          // Throws if the exchange was cancelled meanwhile, so that nothing is written.
          if (context.getAttribute(EXCHANGE_ATTRIBUTE) instanceof StreamingExchange exchange) {
            exchange.markRequestStarted();
          }
        };
    this.client =
        HttpAsyncClients.custom()
            .setConnectionManager(connections)
            .setIOReactorConfig(
                IOReactorConfig.custom().setIoThreadCount(settings.ioThreads()).build())
            .setDefaultRequestConfig(defaultRequestConfig)
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableConnectionState()
            .setUserAgent(settings.userAgent())
            // HttpClient's default decorator wraps sessions in a wire logger whenever
            // org.apache.hc.client5.http.wire is at DEBUG; the identity decorator never does.
            .setIoSessionDecorator(session -> session)
            .setIoReactorExceptionCallback(
                e -> LOG.warn("HttpClient I/O reactor failure: {}", e.getClass().getName()))
            .setThreadFactory(new DefaultThreadFactory("genport-http-io", true))
            // Runs in the main exchange step, right before the request head goes to the
            // connection: the boundary between "not sent" and "maybe sent".
            .addRequestInterceptorLast(requestStarted)
            // Runs before a connection is leased; hands the exchange its runtime so the
            // pool-wait timer can tell "still waiting for the pool" from "connecting", and so
            // cancelling can discard the connection directly.
            .addExecInterceptorBefore(
                ChainElement.CONNECT.name(),
                "genport-bind-exchange",
                (request, entity, scope, chain, callback) -> {
                  if (scope.clientContext.getAttribute(EXCHANGE_ATTRIBUTE)
                      instanceof StreamingExchange exchange) {
                    exchange.bind(scope.execRuntime);
                  }
                  chain.proceed(request, entity, scope, callback);
                })
            .evictExpiredConnections()
            .evictIdleConnections(TimeValue.ofMilliseconds(settings.idleTimeout().toMillis()))
            .build();
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("genport-http-timer", true));
    timers.setRemoveOnCancelPolicy(true);
    this.timers = timers;
    client.start();
    String loud = clearTextLoggerAtDebug();
    if (loud != null) {
      LOG.warn(
          "Logger {} is at DEBUG and prints request headers in clear text; requests carrying"
              + " credentials will be refused until it is turned off",
          loud);
    }
  }

  /** The settings this transport was built with. */
  public HttpClient5Settings settings() {
    return settings;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The future is completed on a transport-owned callback thread, never on an I/O dispatcher
   * thread: the body is a blocking stream fed by those dispatchers, so a dependent stage that reads
   * it there would wait for itself. Cancelling the future aborts the exchange; a response that
   * arrives after the cancellation is closed, releasing its connection.
   */
  @Override
  public CompletableFuture<HttpResponse> send(HttpRequest request) {
    CompletableFuture<HttpResponse> head = start(request);
    CompletableFuture<HttpResponse> delivered = new CompletableFuture<>();
    head.whenCompleteAsync(
        (resp, err) -> {
          if (err != null) {
            delivered.completeExceptionally(
                err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                    ? err.getCause()
                    : err);
          } else if (!delivered.complete(resp)) {
            try {
              resp.close();
            } catch (java.io.IOException e) {
              LOG.debug("closing an unwanted response failed: {}", e.toString());
            }
          }
        },
        this::onCallbackThread);
    delivered.whenComplete(
        (r, e) -> {
          if (delivered.isCancelled()) {
            head.cancel(true);
          }
        });
    return delivered;
  }

  /** Runs on a callback thread; inline once the transport is closed and its pool is gone. */
  private void onCallbackThread(Runnable task) {
    try {
      callbacks.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      task.run();
    }
  }

  private CompletableFuture<HttpResponse> start(HttpRequest request) {
    requireNonNull(request, "request is null");
    validate(request);
    String target = Failures.target(request);
    StreamingExchange exchange =
        new StreamingExchange(
            target,
            settings.maxResponseBytes(),
            Failures.Secrets.of(request),
            this::onCallbackThread);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} headers={} body={} bytes",
          target,
          request.redactedHeaders(),
          request.body() == null ? 0 : request.body().length);
    }
    if (closed.get()) {
      exchange.failEarly(new HttpTransportException(target + ": transport is closed", false, null));
      return exchange.head();
    }
    if (!request.sensitiveHeaders().isEmpty()) {
      String loud = clearTextLoggerAtDebug();
      if (loud != null) {
        exchange.failEarly(
            new IllegalStateException(
                target
                    + ": refused to send a request with credentials while logger "
                    + loud
                    + " is at DEBUG; it would print them in clear text"));
        return exchange.head();
      }
    }
    try {
      BasicHttpRequest head = new BasicHttpRequest(request.method(), request.uri());
      request
          .headers()
          .forEach(
              (name, value) -> {
                if (MANAGED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                  LOG.debug("{} dropping header {}: the transport sets it", target, name);
                } else if (value != null) {
                  head.addHeader(name, value);
                }
              });
      AsyncEntityProducer entity =
          request.body() == null ? null : new BasicAsyncEntityProducer(request.body(), null);
      HttpClientContext context = HttpClientContext.create();
      context.setRequestConfig(requestConfig(request.timeout()));
      context.setAttribute(EXCHANGE_ATTRIBUTE, exchange);
      Future<Void> future =
          client.execute(
              new BasicRequestProducer(head, entity),
              exchange,
              context,
              new FutureCallback<>() {
                @Override
                public void completed(Void result) {}

                @Override
                public void failed(Exception ex) {
                  exchange.failed(ex);
                }

                @Override
                public void cancelled() {
                  exchange.failed(new CancellationException("exchange cancelled"));
                }
              });
      exchange.attach(future);
      schedulePoolWaitTimeout(exchange);
    } catch (RuntimeException e) {
      // e.g. the client was closed concurrently: HttpClient throws instead of failing the future.
      exchange.failed(e);
    }
    return exchange.head();
  }

  /**
   * HttpCore's async pool checks a waiting lease's deadline only when the pool changes (a lease or
   * a release), so with every connection busy on long requests a waiter could outlive {@code
   * poolWaitTimeout} by far. This timer enforces it: if the exchange still holds no connection by
   * then, it fails as not sent and its lease is cancelled.
   */
  private void schedulePoolWaitTimeout(StreamingExchange exchange) {
    Duration wait = settings.poolWaitTimeout();
    ScheduledFuture<?> timer;
    try {
      timer =
          timers.schedule(
              () -> exchange.expireIfStillWaitingForConnection(wait),
              wait.toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return; // closing: the client fails the exchange itself
    }
    exchange.head().whenComplete((r, e) -> timer.cancel(false));
  }

  private RequestConfig requestConfig(Duration timeout) {
    if (timeout == null) {
      return defaultRequestConfig;
    }
    return RequestConfig.copy(defaultRequestConfig).setResponseTimeout(Timeout.of(timeout)).build();
  }

  private static void validate(HttpRequest request) {
    URI uri = request.uri();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("only http and https URIs are supported: " + scheme);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URI has no host: " + Failures.safeUri(uri));
    }
    if (uri.getRawUserInfo() != null) {
      // Never echo it: user info is a credential.
      throw new IllegalArgumentException("URI must not carry user info: " + Failures.safeUri(uri));
    }
    Duration t = request.timeout();
    if (t != null && (t.isNegative() || t.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + t);
    }
  }

  /** The first of HttpClient's clear-text header loggers that is at DEBUG, or {@code null}. */
  static String clearTextLoggerAtDebug() {
    if (HEADERS_LOG.isDebugEnabled()) {
      return HEADERS_LOGGER;
    }
    if (FRAME_PAYLOAD_LOG.isDebugEnabled()) {
      return FRAME_PAYLOAD_LOGGER;
    }
    return null;
  }

  /** A snapshot of the connection pool over all routes. */
  public PoolStats poolStats() {
    org.apache.hc.core5.pool.PoolStats s = connections.getTotalStats();
    return new PoolStats(s.getLeased(), s.getAvailable(), s.getPending(), s.getMax());
  }

  /** Closes every connection, in use or pooled, and stops the I/O threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    timers.shutdownNow();
    client.close(CloseMode.GRACEFUL);
    callbacks.shutdown();
  }

  /**
   * Connection pool counters, for leak assertions and metrics.
   *
   * @param leased connections handed to exchanges that have not finished (a leak shows here)
   * @param available idle connections kept for reuse
   * @param pending requests waiting for a connection
   * @param max the pool's total limit
   */
  public record PoolStats(int leased, int available, int pending, int max) {}

  @Override
  public String toString() {
    PoolStats s = poolStats();
    return "HttpClient5Transport[leased=" + s.leased() + ", available=" + s.available() + "]";
  }
}
