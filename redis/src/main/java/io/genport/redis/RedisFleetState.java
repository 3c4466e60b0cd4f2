package io.genport.redis;

import static java.util.Objects.requireNonNull;

import io.genport.core.application.InMemoryFleetState;
import io.genport.core.domain.Target;
import io.genport.core.port.FleetState;
import io.genport.core.port.JobClaim;
import io.genport.core.port.JobRecord;
import io.genport.core.port.RateKey;
import io.genport.core.port.RateLimit;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FleetState} on Redis, through Lettuce: every update is one Lua script, atomic on the
 * server; every key lives under {@code <namespace>:} with a TTL (see the module README's key
 * table). Reads of circuits are local, refreshed from Redis every {@link
 * RedisFleetSettings#refreshInterval()}, so Redis stays off the hot path; rate tokens, spend
 * reservations and job claims ask Redis, waiting at most {@link
 * RedisFleetSettings#commandTimeout()}.
 *
 * <p>When Redis does not answer in time or is unreachable, calls go on with local state: one WARN
 * per outage, {@link RedisFleetStats#localAnswers()} counts the calls answered locally, and no call
 * waits on Redis again until a background check finds it back. Job records and spending made
 * meanwhile are kept locally (job records in the {@linkplain RedisFleetSettings#journal() journal})
 * and written to Redis when it returns. A refused password is reported once, by name, and never
 * retried; the password is never printed.
 */
public final class RedisFleetState implements FleetState {
  private static final Logger LOG = LoggerFactory.getLogger(RedisFleetState.class);

  /** Ledgers are kept twice the longest period (a month) after their last change. */
  private static final Duration SPEND_TTL = Duration.ofDays(62);

  private final RedisFleetSettings settings;
  private final String ns;
  private final Clock clock;
  private final RedisClient client;
  private final InMemoryFleetState local;
  private final JobJournal journal;
  private final ScheduledExecutorService background;

  /** The hot path's connection: every command waits at most the command timeout. */
  private volatile StatefulRedisConnection<String, String> connection;

  /**
   * The background thread's connection (refresh, writes of what is pending, circuit openings): off
   * the hot path, so it may wait the connect timeout, and a slow answer there is no outage.
   */
  private volatile StatefulRedisConnection<String, String> backgroundConnection;

  /** This instance's name in the member set (how many instances share the fleet right now). */
  private final String instanceId = java.util.UUID.randomUUID().toString();

  private volatile int liveMembers = 1;
  private volatile boolean up;
  private volatile boolean authFailed;
  private volatile String lastConnectFailure = "";
  private final AtomicLong outages = new AtomicLong();
  private final AtomicLong localAnswers = new AtomicLong();
  private final AtomicLong failuresInARow = new AtomicLong();

  /**
   * Timeouts in a row that mark Redis down. One slow answer on a loaded machine is not an outage; a
   * closed connection is one at once.
   */
  private static final int TIMEOUTS_FOR_OUTAGE = 3;

  /** An instance not seen in the member set for this long has left the fleet. */
  private static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(3);

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  /** The owner a claim names while Redis cannot say who holds the item. */
  public static final String UNDECIDED_OWNER = "(fleet registry unreachable)";

  private final Map<String, String> digests = new ConcurrentHashMap<>();

  /** Openings not yet in Redis. */
  private final Map<Target, Instant> pendingCircuits = new ConcurrentHashMap<>();

  /** Per ledger: micro-units spent here and not yet added in Redis. */
  private final Map<String, Long> pendingSpend = new HashMap<>();

  /** Per ledger: the fleet's total as Redis last reported it, in micro-units. */
  private final Map<String, Long> knownSpend = new HashMap<>();

  private RedisFleetState(RedisFleetSettings settings, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.ns = settings.namespace();
    this.clock = requireNonNull(clock, "clock is null");
    this.local = new InMemoryFleetState(clock);
    this.journal = new JobJournal(settings.journal());
    RedisURI uri;
    try {
      uri = RedisURI.create(settings.url());
    } catch (RuntimeException e) {
      // Lettuce's message may quote the URL, password included.
      throw new IllegalArgumentException(
          settings.source() + " is not a valid Redis URL: " + settings.redactedUrl());
    }
    // The handshake (HELLO, AUTH) and the script loading of a (re)connection run at start or on
    // the background thread, never inside a call: a cold JVM on a loaded machine may need seconds.
    uri.setTimeout(HANDSHAKE_TIMEOUT);
    this.client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(
                SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
            .build());
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "genport-redis-" + ns);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Connects to Redis and starts the background refresh. Redis being unreachable is not an error
   * (the state starts local and connects when it can); Redis refusing the credentials is.
   *
   * @throws RedisAuthenticationException when Redis refuses the URL's user or password
   */
  public static RedisFleetState connect(RedisFleetSettings settings) {
    return connect(settings, Clock.systemUTC());
  }

  /** {@link #connect(RedisFleetSettings)} on {@code clock} (circuit instants, local fallbacks). */
  public static RedisFleetState connect(RedisFleetSettings settings, Clock clock) {
    RedisFleetState s = new RedisFleetState(settings, clock);
    try {
      s.tryConnect();
    } catch (RedisAuthenticationException e) {
      s.close();
      throw e;
    }
    if (!s.up) {
      s.wentDown("not reachable at start (" + s.lastConnectFailure + ")");
    }
    long every = settings.refreshInterval().toNanos();
    s.background.scheduleWithFixedDelay(s::refresh, every, every, TimeUnit.NANOSECONDS);
    return s;
  }

  /**
   * The fleet state {@value RedisFleetSettings#ENV} asks for, or empty when it is unset.
   *
   * @throws IllegalArgumentException naming {@value RedisFleetSettings#ENV} when it is malformed
   * @throws RedisAuthenticationException when Redis refuses its credentials
   */
  public static Optional<FleetState> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** {@link #fromEnvironment()} over the given variables. */
  public static Optional<FleetState> fromEnvironment(Map<String, String> env) {
    return RedisFleetSettings.fromEnvironment(env).map(RedisFleetState::connect);
  }

  /** Counters for metrics and health. */
  public RedisFleetStats stats() {
    int spendLedgers;
    synchronized (pendingSpend) {
      spendLedgers = pendingSpend.size();
    }
    return new RedisFleetStats(
        up, outages.get(), localAnswers.get(), journal.size(), spendLedgers, authFailed);
  }

  /** The settings (their {@code toString} hides the password). */
  public RedisFleetSettings settings() {
    return settings;
  }

  // ------------------------------------------------------------------------- connection

  private void tryConnect() {
    if (authFailed) {
      return;
    }
    try {
      StatefulRedisConnection<String, String> c = client.connect();
      // Load the scripts and warm the path once, under the connect timeout, so the first calls
      // are not the ones that pay for it.
      c.setTimeout(HANDSHAKE_TIMEOUT);
      for (String script : FleetScripts.ALL) {
        digests.put(script, c.sync().scriptLoad(script));
      }
      c.sync().ping();
      c.setTimeout(settings.commandTimeout());
      StatefulRedisConnection<String, String> bg = client.connect();
      bg.setTimeout(settings.connectTimeout());
      closeQuietly(connection);
      closeQuietly(backgroundConnection);
      backgroundConnection = bg;
      connection = c;
      failuresInARow.set(0);
      up = true;
    } catch (RuntimeException e) {
      String refusal = authRefusal(e);
      if (refusal != null) {
        authFailed = true;
        String msg =
            "Redis at "
                + settings.redactedUrl()
                + " refused the credentials of "
                + settings.source()
                + " ("
                + refusal
                + "); fix the user or password there. Not retrying; fleet state stays local.";
        LOG.error(msg);
        throw new RedisAuthenticationException(msg);
      }
      up = false;
      lastConnectFailure = brief(e);
    }
  }

  private static void closeQuietly(StatefulRedisConnection<String, String> c) {
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // Already gone.
      }
    }
  }

  /** The server's words when {@code e} is a refused AUTH/HELLO, else {@code null}. */
  private static String authRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null) {
        continue;
      }
      String u = m.toUpperCase(Locale.ROOT);
      if (u.startsWith("WRONGPASS")
          || u.startsWith("NOAUTH")
          || u.contains("INVALID PASSWORD")
          || u.contains("INVALID USERNAME-PASSWORD")
          || (t instanceof RedisCommandExecutionException && u.contains("AUTH"))) {
        // Redis's refusals name no secret; keep only their first words.
        return m.length() > 80 ? m.substring(0, 80) : m;
      }
    }
    return null;
  }

  private void wentDown(String why) {
    boolean wasUp = up;
    up = false;
    if (wasUp || outages.get() == 0) {
      outages.incrementAndGet();
      LOG.warn(
          "Redis at {} {}; going on with local fleet state (rates, circuits and spend per"
              + " instance; job records journalled) until it answers again",
          settings.redactedUrl(),
          why);
    }
  }

  private RedisCommands<String, String> redis() {
    StatefulRedisConnection<String, String> c = connection;
    return up && c != null && c.isOpen() ? c.sync() : null;
  }

  /**
   * A Redis call failed or timed out: this call is answered locally; after a few in a row (or at
   * once when the connection is gone) every call is, until the refresh finds Redis back.
   */
  private void failed(RuntimeException e) {
    localAnswers.incrementAndGet();
    StatefulRedisConnection<String, String> c = connection;
    if (failuresInARow.incrementAndGet() >= TIMEOUTS_FOR_OUTAGE || c == null || !c.isOpen()) {
      wentDown("did not answer within " + settings.commandTimeout() + " (" + brief(e) + ")");
    }
  }

  private void answered() {
    failuresInARow.set(0);
  }

  /** Runs a script by its digest, loading it again when Redis lost its script cache. */
  private <T> T eval(
      RedisCommands<String, String> r,
      String script,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    String sha = digests.computeIfAbsent(script, FleetScripts::sha1);
    T out;
    try {
      out = r.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      out = r.eval(script, type, keys, args);
    }
    answered();
    return out;
  }

  private static String brief(Throwable e) {
    String m = e.getClass().getSimpleName();
    return e.getMessage() == null ? m : m + ": " + e.getMessage().lines().findFirst().orElse("");
  }

  /** The background step: reconnect when down, then read circuits and write what is pending. */
  private void refresh() {
    try {
      if (authFailed) {
        return;
      }
      StatefulRedisConnection<String, String> c = connection;
      StatefulRedisConnection<String, String> bg = backgroundConnection;
      if (c == null || !c.isOpen() || bg == null || !bg.isOpen()) {
        boolean was = up;
        tryConnect();
        if (!up) {
          if (was) {
            up = true;
            wentDown("closed the connection (" + lastConnectFailure + ")");
          }
          return;
        }
      }
      RedisCommands<String, String> r = backgroundConnection.sync();
      if (!up) {
        r.ping();
        failuresInARow.set(0);
        up = true;
      }
      int written = flushPending(r);
      if (written > 0) {
        LOG.info(
            "Redis at {} answers again; wrote {} journalled job records and spending",
            settings.redactedUrl(),
            written);
      }
      long now = clock.millis();
      String members = ns + ":members";
      r.zadd(members, now, instanceId);
      r.zremrangebyscore(members, io.lettuce.core.Range.create(0, now - MEMBER_TIMEOUT.toMillis()));
      r.pexpire(members, MEMBER_TIMEOUT.toMillis() * 2);
      liveMembers = (int) Math.max(1, r.zcard(members));
      for (Map.Entry<String, String> e : r.hgetall(ns + ":circuits").entrySet()) {
        try {
          local.circuitOpened(
              Target.parse(e.getKey()), Instant.ofEpochMilli(Long.parseLong(e.getValue())));
        } catch (RuntimeException malformed) {
          // Another writer's entry this version cannot read: skip it rather than go local.
          LOG.debug("skipping circuit entry {}: {}", e.getKey(), malformed.toString());
        }
      }
    } catch (RedisAuthenticationException e) {
      // Reported once in tryConnect; the state stays local.
    } catch (RuntimeException e) {
      if (up) {
        wentDown("failed (" + brief(e) + ")");
      }
    }
  }

  private int flushPending(RedisCommands<String, String> r) {
    int n = 0;
    for (Map.Entry<Target, Instant> e : pendingCircuits.entrySet()) {
      writeCircuit(r, e.getKey(), e.getValue());
      pendingCircuits.remove(e.getKey(), e.getValue());
    }
    for (JobRecord rec : journal.pending()) {
      writeJob(r, rec);
      journal.written(rec);
      n++;
    }
    Map<String, Long> spend;
    synchronized (pendingSpend) {
      spend = new HashMap<>(pendingSpend);
    }
    for (Map.Entry<String, Long> e : spend.entrySet()) {
      Long total =
          eval(
              r,
              FleetScripts.ADD_SPEND,
              ScriptOutputType.INTEGER,
              new String[] {e.getKey()},
              Long.toString(e.getValue()),
              Long.toString(SPEND_TTL.toMillis()));
      synchronized (pendingSpend) {
        pendingSpend.merge(e.getKey(), -e.getValue(), (a, b) -> a + b == 0 ? null : a + b);
        knownSpend.put(e.getKey(), total);
      }
      n++;
    }
    return n;
  }

  // ------------------------------------------------------------------------------ circuits

  @Override
  public Instant circuitOpenUntil(Target target) {
    return local.circuitOpenUntil(target);
  }

  @Override
  public void circuitOpened(Target target, Instant openUntil) {
    local.circuitOpened(target, openUntil);
    // Called under the breaker's lock: hand the write to the background thread at once.
    pendingCircuits.merge(target, openUntil, (a, b) -> a.isAfter(b) ? a : b);
    if (background.isShutdown()) {
      return;
    }
    try {
      background.execute(
          () -> {
            StatefulRedisConnection<String, String> bg = backgroundConnection;
            if (!up || bg == null || !bg.isOpen()) {
              return;
            }
            RedisCommands<String, String> r = bg.sync();
            try {
              Instant until = pendingCircuits.get(target);
              if (until != null) {
                writeCircuit(r, target, until);
                pendingCircuits.remove(target, until);
              }
            } catch (RuntimeException e) {
              // Still pending: the next refresh writes it.
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile: the opening stays local, as it must not fail the breaker that reports it.
    }
  }

  private void writeCircuit(RedisCommands<String, String> r, Target target, Instant until) {
    eval(
        r,
        FleetScripts.OPEN_CIRCUIT,
        ScriptOutputType.INTEGER,
        new String[] {ns + ":circuits"},
        target.toString(),
        Long.toString(until.toEpochMilli()));
  }

  // ---------------------------------------------------------------------------- rate tokens

  @Override
  public Duration takeRateToken(RateKey key, RateLimit limit) {
    RedisCommands<String, String> r = redis();
    if (r != null) {
      try {
        double microsPerToken = limit.nanosPerToken() / 1000.0;
        long ttl = (long) Math.ceil(microsPerToken * limit.burst() / 1000.0) + 1000;
        Long waitMicros =
            eval(
                r,
                FleetScripts.TAKE_TOKEN,
                ScriptOutputType.INTEGER,
                new String[] {ns + ":rate:" + key.vendor() + ":" + key.credential()},
                Double.toString(microsPerToken),
                Integer.toString(limit.burst()),
                Long.toString(ttl));
        return waitMicros == 0 ? Duration.ZERO : Duration.ofNanos(waitMicros * 1000);
      } catch (RuntimeException e) {
        failed(e);
      }
    } else {
      localAnswers.incrementAndGet();
    }
    // Locally: this instance's share of the limit, among the instances Redis last counted, so the
    // fleet stays within it while each holds its own bucket.
    int n = liveMembers;
    return local.takeRateToken(
        key,
        n == 1
            ? limit
            : new RateLimit(limit.permits(), limit.per().multipliedBy(n), limit.burst()));
  }

  // ---------------------------------------------------------------------------------- spend

  private String ledger(String unit, String period) {
    return ns
        + ":spend:"
        + requireNonNull(unit, "unit is null")
        + ":"
        + requireNonNull(period, "period is null");
  }

  private static long micros(BigDecimal amount) {
    return amount.movePointRight(6).setScale(0, RoundingMode.UP).longValueExact();
  }

  private static BigDecimal fromMicros(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
  }

  @Override
  public boolean reserveSpend(String unit, String period, BigDecimal amount, BigDecimal ceiling) {
    String k = ledger(unit, period);
    long amt = micros(amount);
    long cap = micros(ceiling);
    RedisCommands<String, String> r = redis();
    if (r != null) {
      try {
        List<Object> res =
            eval(
                r,
                FleetScripts.RESERVE_SPEND,
                ScriptOutputType.MULTI,
                new String[] {k},
                Long.toString(amt),
                Long.toString(cap),
                Long.toString(SPEND_TTL.toMillis()));
        synchronized (pendingSpend) {
          knownSpend.put(k, (Long) res.get(1));
        }
        return ((Long) res.get(0)) == 1L;
      } catch (RuntimeException e) {
        failed(e);
      }
    } else {
      localAnswers.incrementAndGet();
    }
    // Locally: the fleet's last known total plus what this instance spent since, counted once per
    // live instance (each decides alone, so each keeps to its share of what is left), and never
    // past the ceiling: a local decision cannot be corrected by the others.
    synchronized (pendingSpend) {
      long seen =
          knownSpend.getOrDefault(k, 0L) + liveMembers * (pendingSpend.getOrDefault(k, 0L) + amt);
      if (seen > cap) {
        return false;
      }
      pendingSpend.merge(k, amt, Long::sum);
      return true;
    }
  }

  @Override
  public void addSpend(String unit, String period, BigDecimal delta) {
    String k = ledger(unit, period);
    long d = delta.signum() < 0 ? -micros(delta.negate()) : micros(delta);
    RedisCommands<String, String> r = redis();
    if (r != null) {
      try {
        Long total =
            eval(
                r,
                FleetScripts.ADD_SPEND,
                ScriptOutputType.INTEGER,
                new String[] {k},
                Long.toString(d),
                Long.toString(SPEND_TTL.toMillis()));
        synchronized (pendingSpend) {
          knownSpend.put(k, total);
        }
        return;
      } catch (RuntimeException e) {
        failed(e);
      }
    } else {
      localAnswers.incrementAndGet();
    }
    synchronized (pendingSpend) {
      pendingSpend.merge(k, d, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  @Override
  public BigDecimal spent(String unit, String period) {
    String k = ledger(unit, period);
    RedisCommands<String, String> r = redis();
    if (r != null) {
      try {
        String v = r.get(k);
        answered();
        long total = v == null ? 0 : Long.parseLong(v);
        synchronized (pendingSpend) {
          knownSpend.put(k, total);
          return fromMicros(total + pendingSpend.getOrDefault(k, 0L));
        }
      } catch (RuntimeException e) {
        failed(e);
      }
    }
    synchronized (pendingSpend) {
      return fromMicros(knownSpend.getOrDefault(k, 0L) + pendingSpend.getOrDefault(k, 0L));
    }
  }

  // ---------------------------------------------------------------------------- job registry

  private String jobKey(String key) {
    return ns + ":job:" + JobRecord.checkKey(key);
  }

  @Override
  public JobClaim claimJob(String key, String owner, Duration lease) {
    requireNonNull(owner, "owner is null");
    requireNonNull(lease, "lease is null");
    RedisCommands<String, String> r = redis();
    if (r != null) {
      try {
        List<Object> res =
            eval(
                r,
                FleetScripts.CLAIM_JOB,
                ScriptOutputType.MULTI,
                new String[] {jobKey(key)},
                owner,
                Long.toString(lease.toMillis()),
                Long.toString(settings.jobTtl().toMillis()));
        JobRecord rec = record(key, res.subList(1, res.size()));
        local.recordJob(rec);
        return new JobClaim(((Long) res.get(0)) == 1L, rec);
      } catch (RuntimeException e) {
        failed(e);
      }
    } else {
      localAnswers.incrementAndGet();
    }
    // Redis could not decide. A job this instance knows a vendor holds is answered from here; any
    // other item is not granted: granting it locally could let two workers submit it and pay
    // twice. The caller reads again after its recheck interval, and goes on once Redis answers.
    JobRecord known = journal.get(key);
    if (known == null) {
      known = local.job(key).orElse(null);
    }
    if (known != null && known.vendorHoldsJob()) {
      return new JobClaim(false, known);
    }
    Instant now = clock.instant();
    return new JobClaim(
        false,
        new JobRecord(
            key, UNDECIDED_OWNER, JobRecord.Status.CLAIMED, null, null, now.plus(lease), now));
  }

  private static JobRecord record(String key, List<Object> f) {
    String handle = str(f.get(2));
    String result = str(f.get(3));
    return new JobRecord(
        key,
        str(f.get(0)),
        JobRecord.Status.valueOf(str(f.get(1))),
        handle.isEmpty() ? null : handle,
        result.isEmpty() ? null : result,
        Instant.ofEpochMilli(Long.parseLong(str(f.get(4)))),
        Instant.ofEpochMilli(Long.parseLong(str(f.get(5)))));
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  @Override
  public void recordJob(JobRecord record) {
    requireNonNull(record, "record is null");
    local.recordJob(record);
    // Journal first: if Redis fails now, or this process dies, the record is still on disk.
    journal.add(record);
    RedisCommands<String, String> r = redis();
    if (r == null) {
      localAnswers.incrementAndGet();
      return;
    }
    try {
      writeJob(r, record);
      journal.written(record);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void writeJob(RedisCommands<String, String> r, JobRecord rec) {
    eval(
        r,
        FleetScripts.RECORD_JOB,
        ScriptOutputType.INTEGER,
        new String[] {jobKey(rec.key())},
        rec.owner(),
        rec.status().name(),
        rec.handle() == null ? "" : rec.handle(),
        rec.resultLocation() == null ? "" : rec.resultLocation(),
        Long.toString(rec.leaseUntil().toEpochMilli()),
        Long.toString(rec.updated().toEpochMilli()),
        Integer.toString(rec.progress()),
        Long.toString(settings.jobTtl().toMillis()));
  }

  @Override
  public Optional<JobRecord> job(String key) {
    RedisCommands<String, String> r = redis();
    if (r != null) {
      try {
        Map<String, String> h = r.hgetall(jobKey(key));
        answered();
        if (h.isEmpty() || h.get("status") == null) {
          return Optional.ofNullable(journal.get(key));
        }
        JobRecord rec =
            record(
                key,
                List.of(
                    h.getOrDefault("owner", ""),
                    h.get("status"),
                    h.getOrDefault("handle", ""),
                    h.getOrDefault("result", ""),
                    h.getOrDefault("lease", "0"),
                    h.getOrDefault("updated", "0")));
        JobRecord pending = journal.get(key);
        return Optional.of(pending != null && pending.progress() > rec.progress() ? pending : rec);
      } catch (RuntimeException e) {
        failed(e);
      }
    } else {
      localAnswers.incrementAndGet();
    }
    JobRecord pending = journal.get(key);
    return pending != null ? Optional.of(pending) : local.job(key);
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      // One last try to write what is pending.
      StatefulRedisConnection<String, String> bg = backgroundConnection;
      if (up && bg != null && bg.isOpen()) {
        bg.sync().zrem(ns + ":members", instanceId);
        flushPending(bg.sync());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Redis at {}: {} job records stay in the local journal ({})",
          settings.redactedUrl(),
          journal.size(),
          brief(e));
    }
    closeQuietly(connection);
    closeQuietly(backgroundConnection);
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  public String toString() {
    return "RedisFleetState[" + settings.redactedUrl() + ", namespace " + ns + "]";
  }
}
