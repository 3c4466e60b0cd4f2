package io.genport.bootstrap.simulation;

import io.genport.simulators.JobTiming;
import io.genport.simulators.eachlabs.EachLabsSimulator;
import io.genport.simulators.fal.FalSimulator;
import io.genport.simulators.oxen.OxenSimulator;
import io.genport.simulators.replicate.CogSimulator;
import io.genport.simulators.replicate.ReplicateSimulator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vendor simulators that {@code genport generate} runs against when no vendor credential is
 * configured (or with {@code --simulate}): real HTTP on loopback, the vendors' own protocols, real
 * images, nothing billed. Each started simulator contributes the environment that points its
 * provider at it and the credential it expects.
 */
public final class EmbeddedSimulators implements AutoCloseable {
  /** The credential each simulated provider looks up; also how we tell a configured vendor. */
  public static final Map<String, String> CREDENTIALS =
      Map.of(
          "fal", "FAL_KEY",
          "replicate", "REPLICATE_API_TOKEN",
          "cog", "",
          "eachlabs", "EACHLABS_API_KEY",
          "oxen", "OXEN_API_KEY");

  private final List<AutoCloseable> running = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Map<String, String> credentials = new LinkedHashMap<>();
  private final Set<String> simulated = new TreeSet<>();

  private EmbeddedSimulators() {}

  /** Whether GenPort ships a simulator for {@code provider}. */
  public static boolean canSimulate(String provider) {
    return CREDENTIALS.containsKey(provider);
  }

  /** Starts one simulator for each provider in {@code providers} that has one. */
  public static EmbeddedSimulators start(Collection<String> providers) {
    EmbeddedSimulators s = new EmbeddedSimulators();
    try {
      if (providers.contains("fal")) {
        String key = "simulated-fal-key";
        FalSimulator fal =
            FalSimulator.builder().apiKey(key).jobTiming(JobTiming.polls(1, 1)).start();
        s.running.add(fal);
        s.environment.put("GENPORT_FAL_BASE_URL", fal.syncBaseUri().toString());
        s.environment.put("GENPORT_FAL_QUEUE_URL", fal.queueBaseUri().toString());
        s.environment.put("GENPORT_FAL_DOWNLOAD_ALLOW", fal.mediaBaseUri().getHost());
        s.credentials.put("FAL_KEY", key);
        s.simulated.add("fal");
      }
      if (providers.contains("replicate")) {
        String token = "r8_simulated-token";
        ReplicateSimulator replicate =
            ReplicateSimulator.builder().apiToken(token).jobTiming(JobTiming.polls(1, 1)).start();
        s.running.add(replicate);
        s.environment.put("GENPORT_REPLICATE_BASE_URL", replicate.baseUri().toString());
        s.environment.put("GENPORT_REPLICATE_DOWNLOAD_ALLOW", replicate.filesBaseUri().getHost());
        // Prefer: wait would hold the connection for the whole (simulated) run; polling shows
        // the protocol's progress instead.
        s.environment.put("GENPORT_REPLICATE_WAIT", "1");
        s.credentials.put("REPLICATE_API_TOKEN", token);
        s.simulated.add("replicate");
      }
      if (providers.contains("eachlabs")) {
        String key = "simulated-eachlabs-key";
        EachLabsSimulator eachlabs =
            EachLabsSimulator.builder().apiKey(key).jobTiming(JobTiming.polls(1, 1)).start();
        s.running.add(eachlabs);
        s.environment.put("GENPORT_EACHLABS_BASE_URL", eachlabs.apiBaseUri().toString());
        s.environment.put("GENPORT_EACHLABS_DOWNLOAD_ALLOW", eachlabs.mediaBaseUri().getHost());
        s.credentials.put("EACHLABS_API_KEY", key);
        s.simulated.add("eachlabs");
      }
      if (providers.contains("oxen")) {
        String key = "simulated-oxen-key";
        OxenSimulator oxen =
            OxenSimulator.builder().apiKey(key).jobTiming(JobTiming.polls(1, 1)).start();
        s.running.add(oxen);
        s.environment.put("GENPORT_OXEN_BASE_URL", oxen.apiBaseUri().toString());
        s.environment.put("GENPORT_OXEN_DOWNLOAD_ALLOW", oxen.hubBaseUri().getHost());
        s.credentials.put("OXEN_API_KEY", key);
        s.simulated.add("oxen");
      }
      if (providers.contains("cog")) {
        CogSimulator cog = CogSimulator.builder().start();
        s.running.add(cog);
        s.environment.put("GENPORT_COG_BASE_URL", cog.baseUri().toString());
        s.environment.put("GENPORT_COG_DOWNLOAD_ALLOW", cog.baseUri().getHost());
        s.simulated.add("cog");
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Environment variables that point the simulated providers at their simulators. */
  public Map<String, String> environment() {
    return Collections.unmodifiableMap(environment);
  }

  /** The credentials the simulators expect. */
  public Map<String, String> credentials() {
    return Collections.unmodifiableMap(credentials);
  }

  /** The providers that are simulated. */
  public Set<String> simulated() {
    return Collections.unmodifiableSet(simulated);
  }

  @Override
  public void close() {
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Shutting down loopback servers; nothing useful to do about a failure here.
      }
    }
    running.clear();
  }
}
