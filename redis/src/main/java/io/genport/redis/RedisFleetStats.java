package io.genport.redis;

/**
 * What a {@link RedisFleetState} has been through, for metrics and health checks.
 *
 * @param connected whether Redis answers now
 * @param outages how many times Redis became unreachable (each logged once, at WARN)
 * @param localAnswers calls answered from local state because Redis could not answer in time
 * @param pendingJobRecords job records waiting in the local journal for Redis
 * @param pendingSpendLedgers ledgers with spending not yet added in Redis
 * @param authFailed whether Redis refused the credentials (no more attempts are made)
 */
public record RedisFleetStats(
    boolean connected,
    long outages,
    long localAnswers,
    int pendingJobRecords,
    int pendingSpendLedgers,
    boolean authFailed) {}
