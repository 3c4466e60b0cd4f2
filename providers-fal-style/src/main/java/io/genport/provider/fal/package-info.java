/**
 * The fal.ai provider ({@code fal}): the queue protocol by default (submit, status with queue
 * position and logs, result, cancel), the synchronous {@code fal.run} protocol as an option, and a
 * catalog of fal-style models. Configuration keys: {@code base-url} (sync host, default {@code
 * https://fal.run}), {@code queue-url} (default {@code https://queue.fal.run}), {@code mode}
 * ({@code queue} or {@code sync}), {@code download-allow} (hosts a result may be downloaded from
 * over http or on private addresses). The credential is {@code FAL_KEY}.
 */
package io.genport.provider.fal;
