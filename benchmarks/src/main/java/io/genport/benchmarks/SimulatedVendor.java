package io.genport.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.Sleeper;
import io.genport.provider.fal.FalProviderFactory;
import io.genport.provider.oxen.OxenProviderFactory;
import io.genport.simulators.JobTiming;
import io.genport.simulators.SimulatorServer;
import io.genport.simulators.fal.FalSimulator;
import io.genport.simulators.oxen.OxenSimulator;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.http.HttpTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A vendor simulator started in this JVM on loopback and the provider pointed at it: fal (queue,
 * with its per-job status stream) or Oxen (queue, with its account-wide event stream). Jobs run on
 * the real clock for the duration set before each submit ({@link #nextJobRuns}).
 */
final class SimulatedVendor implements AutoCloseable {
  static final List<String> NAMES = List.of("fal", "oxen");

  private static final String OXEN_KEY = "bench-oxen-key";

  final String name;
  final String model;
  private final FalSimulator fal;
  private final OxenSimulator oxen;

  private SimulatedVendor(String name, FalSimulator fal, OxenSimulator oxen) {
    this.name = name;
    this.fal = fal;
    this.oxen = oxen;
    this.model = fal != null ? "fal-ai/flux/dev" : "flux-2-pro";
  }

  /** Starts {@code name}'s simulator ({@code fal} or {@code oxen}); jobs end at once until set. */
  static SimulatedVendor start(String name) {
    switch (name) {
      case "fal":
        return new SimulatedVendor(
            name, FalSimulator.builder().jobTiming(JobTiming.immediate()).start(), null);
      case "oxen":
        return new SimulatedVendor(
            name,
            null,
            OxenSimulator.builder().apiKey(OXEN_KEY).jobTiming(JobTiming.immediate()).start());
      default:
        throw new IllegalArgumentException("vendor must be one of " + NAMES + ", was " + name);
    }
  }

  private SimulatorServer server() {
    return fal != null ? fal : oxen;
  }

  /** Jobs submitted from now on run for {@code d} of the real clock. */
  void nextJobRuns(Duration d) {
    JobTiming t = JobTiming.durations(Duration.ZERO, d);
    if (fal != null) {
      fal.jobTiming(t);
    } else {
      oxen.jobTiming(t);
    }
  }

  /** When the vendor created job {@code id}. */
  Instant createdAt(String id) {
    return fal != null
        ? fal.job(id).orElseThrow().createdAt()
        : oxen.job(id).orElseThrow().enqueuedAt();
  }

  /** The status requests job {@code id} received. */
  int statusPolls(String id) {
    return fal != null
        ? fal.job(id).orElseThrow().statusPolls()
        : oxen.job(id).orElseThrow().statusPolls();
  }

  /**
   * The provider, over {@code transport}.
   *
   * @param eventStreams the provider's {@code event-streams} option (0: polling only)
   */
  ImageProvider provider(HttpTransport transport, int eventStreams) {
    Map<String, String> values = new HashMap<>();
    values.put("event-streams", Integer.toString(eventStreams));
    values.put("download-allow", "127.0.0.1");
    Map<String, String> credentials;
    if (fal != null) {
      values.put("base-url", fal.syncBaseUri().toString());
      values.put("queue-url", fal.queueBaseUri().toString());
      values.put("download-allow", fal.mediaBaseUri().getHost());
      credentials = Map.of(FalProviderFactory.CREDENTIAL, FalSimulator.DEFAULT_KEY);
    } else {
      values.put("base-url", oxen.apiBaseUri().toString());
      credentials = Map.of("OXEN_API_KEY", OXEN_KEY);
    }
    ProviderContext context =
        ProviderContext.of(
            transport,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Credentials.fromMap(credentials),
            new ObjectMapper(),
            new Random(1));
    ProviderConfig config = new ProviderConfig(values);
    return fal != null
        ? new FalProviderFactory().create(config, context)
        : new OxenProviderFactory().create(config, context);
  }

  @Override
  public void close() {
    server().close();
  }
}
