package io.genport.bootstrap.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.genport.bootstrap.Bootstrap;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Size;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.Credentials;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plan equals result: every catalog model of every provider that ships a simulator, at exact sizes
 * and aspect ratios, is planned and then generated against its simulator, and each delivered image
 * must have the size (and the format) the plan announced. A plan that announces no size ({@code
 * expectedSize} null) is the catalog saying the vendor decides; those are counted, not compared.
 *
 * <p>A disagreement is a catalog or a simulator that is wrong about the vendor: the fix belongs in
 * whichever of the two departs from the vendor's documentation, never in this test. Every model and
 * size is tried before the test reports, so one run lists every disagreement.
 *
 * <p>A Cog server runs exactly one model, and the Cog simulator serves FLUX schnell (the schema of
 * black-forest-labs/flux-schnell); so {@code cog} is tried with {@link #COG_SERVED_MODEL} only. The
 * catalog's other entries describe other Cog containers, which no simulator here runs: they are out
 * of scope by construction, not known failures.
 *
 * <p>The simulators' jobs are poll-driven (they end after a fixed number of status polls), so the
 * test polls without sleeping, and every model is tried in parallel against one runtime.
 */
class PlanEqualsResultTest {
  /** Exact sizes and aspect ratios: square, odd sizes that need rounding, wide and tall ratios. */
  static final List<Size> SIZES =
      List.of(
          Size.exact(1024, 1024),
          Size.exact(1000, 700),
          Size.aspect(21, 9),
          Size.aspect(9, 16),
          Size.aspect(1, 1),
          Size.aspect(3, 2));

  /** The catalog entry of the one model the Cog simulator serves (FLUX schnell). */
  static final String COG_SERVED_MODEL = "flux-schnell";

  /** Models tried at once: the simulators answer on loopback, so a few threads keep them busy. */
  private static final int PARALLEL = 8;

  private static final ClassLoader LOADER = PlanEqualsResultTest.class.getClassLoader();

  /**
   * Disagreements found and not fixed yet, one per line, each group with the reason it stays (the
   * vendor documentation at hand does not settle it). The test fails on any disagreement not listed
   * and on any listed one that is gone, so the list only ever shrinks honestly.
   */
  static final String KNOWN_RESOURCE = "plan-equals-result-known.txt";

  private static final List<String> KNOWN = known();
  private static SimulatorSession session;
  private static HttpClient5Transport transport;
  private static GenportRuntime runtime;

  @BeforeAll
  static void startEverySimulator() {
    EmbeddedSimulators.Available found = EmbeddedSimulators.discover(LOADER);
    session = SimulatorSession.open();
    session.start(found.factories().keySet(), found);
    transport = new HttpClient5Transport();
    runtime =
        Bootstrap.start(
            new BootstrapSettings(
                session.environment(),
                Credentials.fromMap(session.credentials()),
                LOADER,
                transport));
  }

  @AfterAll
  static void stop() {
    if (transport != null) {
      transport.close();
    }
    if (session != null) {
      session.close();
    }
  }

  /** What one model did at every size. */
  private static final class Tally {
    final List<String> disagreements = new ArrayList<>();
    final List<String> needInputs = new ArrayList<>();
    int models;
    int compared;
    int vendorDecides;
    int refused;
  }

  @Test
  void everyCatalogModelDeliversThePlannedSizeAndFormatAtEverySize() throws Exception {
    Set<String> providers = new TreeSet<>(session.simulated());
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    List<Future<Tally>> running = new ArrayList<>();
    try {
      for (String name : providers) {
        ImageProvider provider = runtime.providers().provider(name);
        List<String> models = name.equals("cog") ? List.of(COG_SERVED_MODEL) : provider.models();
        assertTrue(provider.models().containsAll(models), name + " lists " + models);
        for (String model : models) {
          running.add(pool.submit(() -> check(name, provider, model)));
        }
      }
    } finally {
      pool.shutdown();
    }
    List<String> disagreements = new ArrayList<>();
    List<String> needInputs = new ArrayList<>();
    int compared = 0;
    int vendorDecides = 0;
    int refused = 0;
    int models = 0;
    for (Future<Tally> f : running) {
      Tally t = f.get(5, TimeUnit.MINUTES);
      disagreements.addAll(t.disagreements);
      needInputs.addAll(t.needInputs);
      compared += t.compared;
      vendorDecides += t.vendorDecides;
      refused += t.refused;
      models += t.models;
    }
    System.out.printf(
        "plan equals result: %d providers, %d models x %d sizes: %d compared, %d sized by the"
            + " vendor, %d need an input image, %d disagreements (%d of them known)%n",
        providers.size(),
        models,
        SIZES.size(),
        compared,
        vendorDecides,
        needInputs.size(),
        disagreements.size(),
        disagreements.stream().filter(KNOWN::contains).count());
    assertTrue(
        providers.containsAll(
            Set.of("bedrock", "cog", "eachlabs", "fal", "leonardo", "oxen", "replicate")),
        "every shipped provider is simulated: " + providers);
    assertEquals(models * SIZES.size(), compared + vendorDecides + needInputs.size() + refused);

    List<String> unexpected = new ArrayList<>(disagreements);
    unexpected.removeAll(KNOWN);
    List<String> gone = new ArrayList<>(KNOWN);
    gone.removeAll(disagreements);
    if (!unexpected.isEmpty() || !gone.isEmpty()) {
      fail(
          unexpected.size()
              + " new disagreements (fix the catalog or the simulator, whichever departs from the"
              + " vendor's documentation):\n"
              + String.join("\n", unexpected)
              + "\n"
              + gone.size()
              + " known disagreements no longer seen (remove them from "
              + KNOWN_RESOURCE
              + "):\n"
              + String.join("\n", gone));
    }
    Set<String> imageToImage = new TreeSet<>();
    needInputs.forEach(w -> imageToImage.add(w.substring(w.indexOf(':') + 1, w.indexOf(" at "))));
    assertEquals(
        Set.of("omni-zero-couples", "photomaker"),
        imageToImage,
        "only the face models need an input image");
  }

  private static Tally check(String name, ImageProvider provider, String model) {
    Tally t = new Tally();
    t.models++;
    for (Size size : SIZES) {
      GenerationRequest request =
          GenerationRequest.builder("a lighthouse at dusk").size(size).seed(7L).build();
      String where = name + ":" + model + " at " + size;
      CallPlan plan;
      try {
        plan = provider.plan(request, model);
      } catch (InvalidRequestException e) {
        if (e.getMessage().contains("requires '")) {
          // An image-to-image model: a text request cannot be planned for it at any size.
          t.needInputs.add(where);
        } else {
          t.refused++;
          t.disagreements.add(where + ": could not be planned: " + e.getMessage());
        }
        continue;
      } catch (GenerationException e) {
        t.refused++;
        t.disagreements.add(where + ": could not be planned: " + e.getMessage());
        continue;
      }
      PlannedCall call = plan.calls().get(0);
      List<GeneratedImage> images;
      try {
        images = generate(provider, call);
      } catch (GenerationException e) {
        t.refused++;
        t.disagreements.add(where + ": the simulator refused the planned call: " + e.getMessage());
        continue;
      }
      if (call.expectedSize() == null) {
        t.vendorDecides++;
      } else {
        t.compared++;
      }
      for (GeneratedImage img : images) {
        if (call.expectedSize() != null && !call.expectedSize().equals(img.size())) {
          t.disagreements.add(
              where + ": planned " + call.expectedSize() + ", delivered " + img.size());
        }
        ImageFormat delivered = img.format();
        if (call.expectedFormat() != null && call.expectedFormat() != delivered) {
          t.disagreements.add(
              where + ": planned " + call.expectedFormat() + ", delivered " + delivered);
        }
      }
    }
    return t;
  }

  /** Starts the call and polls it to its end without sleeping (the simulators count polls). */
  private static List<GeneratedImage> generate(ImageProvider provider, PlannedCall call) {
    VendorJob job = join(provider.start(call));
    JobStatus status = job.finished();
    for (int polls = 0; status == null || !status.terminal(); polls++) {
      if (polls > 50) {
        throw new AssertionError("job " + job.id() + " did not end after 50 polls");
      }
      status = join(provider.poll(job));
    }
    if (status instanceof JobStatus.Succeeded s) {
      return s.images();
    }
    if (status instanceof JobStatus.Failed f) {
      throw f.error();
    }
    throw new AssertionError("job " + job.id() + " ended as " + status);
  }

  private static List<String> known() {
    try (java.io.InputStream in = PlanEqualsResultTest.class.getResourceAsStream(KNOWN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + KNOWN_RESOURCE);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CompletionException && c.getCause() != null) {
        c = c.getCause();
      }
      if (c instanceof GenerationException g) {
        throw g;
      }
      throw new AssertionError(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer in 30 s", e);
    }
  }
}
