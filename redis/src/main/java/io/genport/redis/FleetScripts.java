package io.genport.redis;

/**
 * The Lua scripts that make each update atomic on the Redis server. Time comes from Redis's own
 * {@code TIME} where instances must agree (token refills, claim leases), so their clocks need not.
 */
final class FleetScripts {
  private FleetScripts() {}

  /** The SHA-1 digest Redis names a script by. */
  static String sha1(String script) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-1")
                  .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  /**
   * Token bucket. KEYS[1] the bucket hash; ARGV[1] microseconds per token, ARGV[2] burst, ARGV[3]
   * TTL in ms. Returns 0 when a token was taken, else the microseconds until one is there.
   */
  static final String TAKE_TOKEN =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local per = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = tonumber(b[1])
      local ts = tonumber(b[2])
      if tokens == nil or ts == nil then
        tokens = burst
        ts = now
      end
      if now > ts then
        tokens = math.min(burst, tokens + (now - ts) / per)
        ts = now
      end
      local wait = 0
      if tokens >= 1 then
        tokens = tokens - 1
      else
        wait = math.ceil((1 - tokens) * per)
      end
      redis.call('HSET', KEYS[1], 'tokens', string.format('%.9f', tokens),
        'ts', string.format('%.0f', ts))
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return wait
      """;

  /**
   * Circuit opening. KEYS[1] the circuits hash; ARGV[1] target, ARGV[2] open-until epoch ms. Keeps
   * the later of two openings and drops entries a minute past.
   */
  static final String OPEN_CIRCUIT =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
      if tonumber(ARGV[2]) > cur then
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      end
      local all = redis.call('HGETALL', KEYS[1])
      local latest = now
      for i = 1, #all, 2 do
        local v = tonumber(all[i + 1])
        if v < now - 60000 then
          redis.call('HDEL', KEYS[1], all[i])
        elseif v > latest then
          latest = v
        end
      end
      redis.call('PEXPIRE', KEYS[1], latest - now + 60000)
      return 1
      """;

  /**
   * Spend reservation. KEYS[1] the ledger (integer micro-units); ARGV[1] amount, ARGV[2] ceiling,
   * ARGV[3] TTL ms. Returns {1, total} when reserved, {0, total} when the ledger is at its ceiling.
   */
  static final String RESERVE_SPEND =
      """
      local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
      if cur >= tonumber(ARGV[2]) then
        return {0, cur}
      end
      local n = redis.call('INCRBY', KEYS[1], ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return {1, n}
      """;

  /** Unconditional ledger change. KEYS[1] ledger; ARGV[1] delta micro-units, ARGV[2] TTL ms. */
  static final String ADD_SPEND =
      """
      local n = redis.call('INCRBY', KEYS[1], ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return n
      """;

  /**
   * Job claim. KEYS[1] the job hash; ARGV[1] owner, ARGV[2] lease ms, ARGV[3] TTL ms. Granted when
   * there is no record, or no vendor job and (FAILED, or CLAIMED by the same owner or past its
   * lease). Returns {granted, owner, status, handle, result, lease, updated}.
   */
  static final String CLAIM_JOB =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local h = redis.call('HMGET', KEYS[1], 'owner', 'status', 'handle', 'result', 'lease',
        'updated')
      local granted = false
      if not h[2] then
        granted = true
      elseif (not h[3]) or h[3] == '' then
        if h[2] == 'FAILED' then
          granted = true
        elseif h[2] == 'CLAIMED' and (h[1] == ARGV[1] or tonumber(h[5]) <= now) then
          granted = true
        end
      end
      if granted then
        local lease = string.format('%.0f', now + tonumber(ARGV[2]))
        local upd = string.format('%.0f', now)
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'status', 'CLAIMED', 'handle', '',
          'result', '', 'lease', lease, 'updated', upd, 'progress', '0')
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return {1, ARGV[1], 'CLAIMED', '', '', lease, upd}
      end
      return {0, h[1] or '', h[2] or '', h[3] or '', h[4] or '', h[5] or '0', h[6] or '0'}
      """;

  /**
   * Job record. KEYS[1] the job hash; ARGV owner, status, handle, result, lease ms, updated ms,
   * progress, TTL ms. Never replaces a record further along (see JobRecord#progress). Returns 1
   * when written, 0 when the stored record was further along.
   */
  static final String RECORD_JOB =
      """
      local cur = tonumber(redis.call('HGET', KEYS[1], 'progress') or '-1')
      if cur > tonumber(ARGV[7]) then
        return 0
      end
      redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'status', ARGV[2], 'handle', ARGV[3],
        'result', ARGV[4], 'lease', ARGV[5], 'updated', ARGV[6], 'progress', ARGV[7])
      redis.call('PEXPIRE', KEYS[1], ARGV[8])
      return 1
      """;

  /** Every script, loaded at each connection. */
  static final java.util.List<String> ALL =
      java.util.List.of(TAKE_TOKEN, OPEN_CIRCUIT, RESERVE_SPEND, ADD_SPEND, CLAIM_JOB, RECORD_JOB);
}
