/**
 * The {@link io.genport.spi.http.HttpTransport} adapter on Apache HttpClient 5's async client:
 * {@link io.genport.transport.httpclient5.HttpClient5Transport}, configured by {@link
 * io.genport.transport.httpclient5.HttpClient5Settings}. This is the only package in GenPort that
 * may see HttpClient types; none of them appear in its public API.
 *
 * <h2>Streaming and the byte cap</h2>
 *
 * <p>A custom {@code AsyncResponseConsumer} hands out the status and headers first and streams the
 * body through a blocking {@code InputStream} with flow control: HttpCore's input window is
 * re-opened only as the caller reads, so a slow reader holds back the server instead of filling
 * memory. Past {@code maxResponseBytes} (or at once, for a {@code Content-Length} above it) the
 * stream throws {@link io.genport.transport.httpclient5.ResponseTooLargeException} and the exchange
 * is aborted. The cap applies to the bytes on the wire; the async client of HttpClient 5.5 does no
 * transparent decompression, so there is no larger decoded size to worry about.
 *
 * <h2>Secrets and logging: the decision</h2>
 *
 * <p>HttpClient has three loggers that print request headers, {@code Authorization} included, in
 * clear text at DEBUG:
 *
 * <ul>
 *   <li>{@code org.apache.hc.client5.http.wire} (every byte). <b>Disabled structurally</b>: the
 *       client is built with an identity {@code IOSession} decorator, so the wire-logging session
 *       wrapper is never installed whatever the logger's level.
 *   <li>{@code org.apache.hc.client5.http.headers} (every header line) and {@code
 *       org.apache.hc.client5.http2.frame.payload} (HTTP/2 frames, header blocks included). These
 *       live in package-private classes that cannot be replaced or decorated from outside. So the
 *       transport <b>fails closed</b>: while either is at DEBUG, a request carrying a {@linkplain
 *       io.genport.spi.http.HttpRequest#isSensitive sensitive} header is refused before anything is
 *       sent (its future fails with {@code IllegalStateException} naming the logger), and the
 *       constructor logs one WARN. Requests without credentials still go through, so those loggers
 *       remain usable against simulators. <b>Keep them off in any environment with real keys.</b>
 * </ul>
 *
 * <p>The adapter's own logger ({@code io.genport.transport.httpclient5.HttpClient5Transport})
 * prints at DEBUG the method, the URI without its query (some vendors accept {@code ?key=}) and
 * {@link io.genport.spi.http.HttpRequest#redactedHeaders()}; never a header value of a sensitive
 * header. Exception messages are built the same way; if an exception from HttpClient quotes a
 * credential, it is replaced by a scrubbed copy before it becomes a cause. A test captures every
 * logger at DEBUG (HttpClient's included) and asserts that a canary key appears zero times.
 *
 * <p>Known gap: the logger level is checked when a request is sent; a level raised to DEBUG while a
 * request is in flight is not caught.
 *
 * <h2>Connections</h2>
 *
 * <p>Closing a response before the end of its body cancels the exchange and discards the connection
 * rather than draining it. {@link
 * io.genport.transport.httpclient5.HttpClient5Transport#poolStats()} exposes leased, available and
 * pending counts so tests can assert that no connection leaks. HTTP/2 connections are not
 * multiplexed across exchanges, so discarding one never disturbs another exchange.
 *
 * <h2>Known limitations</h2>
 *
 * <ul>
 *   <li>HttpCore 5.3's HTTP/1.1 chunk decoder keeps reading while the socket has data, whatever the
 *       consumer's window, so a stalled reader of a <em>chunked</em> body may buffer up to {@code
 *       maxResponseBytes}. Content-Length bodies and HTTP/2 stay within about 64 KiB.
 *   <li>{@code responseTimeout} is an inactivity timeout on the connection: a reader that stops
 *       reading for longer than that fails its own exchange.
 *   <li>HttpClient's own DEBUG loggers print request URIs with their query, so a key passed as a
 *       query parameter would reach them; this adapter's logs and messages drop the query.
 * </ul>
 */
package io.genport.transport.httpclient5;
