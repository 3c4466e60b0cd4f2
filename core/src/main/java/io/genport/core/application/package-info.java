/**
 * Application services: the implementations of {@link io.genport.core.port.ImageGeneration} on top
 * of {@link io.genport.core.port.ImageProvider}s. JDK and slf4j only.
 *
 * <ul>
 *   <li>{@link io.genport.core.application.GenerationRouter}: a {@link
 *       io.genport.core.application.Route} of targets with retries (full-jitter backoff,
 *       Retry-After up to a cap, a retry budget per target), failover, a circuit breaker per
 *       target, optional hedging, one end-to-end deadline and resumable job handles; configured by
 *       {@link io.genport.core.application.RouterSettings}.
 *   <li>{@link io.genport.core.application.GenerationService}: one target, no retries; the same
 *       engine with a route of one.
 * </ul>
 *
 * <p>The rule both keep: once a vendor holds a job id for a part, that part is never submitted
 * again, by a retry, a failover or a hedge; it is only polled, resumed or cancelled.
 */
package io.genport.core.application;
