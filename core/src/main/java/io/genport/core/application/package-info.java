/**
 * Application services: {@link io.genport.core.application.GenerationRouter}, the implementation of
 * {@link io.genport.core.port.ImageGeneration} on top of {@link
 * io.genport.core.port.ImageProvider}s. JDK and slf4j only.
 *
 * <p>A router serves a {@link io.genport.core.application.Route} of targets (a single target is a
 * route of one) with retries (full-jitter backoff, Retry-After up to a cap, a retry budget per
 * target), failover, a circuit breaker per target, optional hedging, one end-to-end deadline and
 * resumable job handles, as {@link io.genport.core.application.RouterSettings} configures it.
 *
 * <p>The rule it keeps: once a vendor holds a job id for a part, that part is never submitted
 * again, by a retry, a failover or a hedge; it is only polled, resumed or cancelled.
 */
package io.genport.core.application;
