/**
 * GenPort's {@link io.genport.core.port.FleetState} on Redis: {@link
 * io.genport.redis.RedisFleetState}, configured by {@link io.genport.redis.RedisFleetSettings} (the
 * {@code GENPORT_REDIS_URL} environment variable or its builder).
 */
package io.genport.redis;
