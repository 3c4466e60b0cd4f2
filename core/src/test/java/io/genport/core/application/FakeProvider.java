package io.genport.core.application;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageSource;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.Target;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.domain.negotiation.DimensionRule;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.NegotiatedRequest;
import io.genport.core.domain.negotiation.RequestNegotiator;
import io.genport.core.domain.negotiation.SeedSpec;
import io.genport.core.domain.negotiation.SizeCapability;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A scripted provider: each started job replays a queue of poll answers. */
final class FakeProvider implements ImageProvider {
  static final ModelCapabilities CAPS =
      new ModelCapabilities(
          new SizeCapability.FreeDimensions(DimensionRule.of(64, 2048, 8), new PixelSize(512, 512)),
          4,
          SeedSpec.integer(0, SeedSpec.UINT32_MAX),
          Set.of(),
          Set.of(),
          null,
          true,
          null,
          null,
          0,
          false);

  final List<PlannedCall> started = Collections.synchronizedList(new ArrayList<>());
  final List<VendorJob> polled = Collections.synchronizedList(new ArrayList<>());
  final List<VendorJob> cancelled = Collections.synchronizedList(new ArrayList<>());

  /** Per job id: what successive polls return (a Throwable entry fails that poll). */
  final Map<String, Deque<Object>> script = new java.util.concurrent.ConcurrentHashMap<>();

  Function<PlannedCall, CompletableFuture<VendorJob>> starter = this::defaultStart;
  Function<PlannedCall, List<Object>> scriptFor =
      c -> List.of(new JobStatus.Running(List.of("step")));
  int returnedWidthDelta = 0;

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public ModelCapabilities describe(String model) {
    return CAPS;
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    NegotiatedRequest n = RequestNegotiator.negotiate(request, CAPS, new SplittableRandom(7));
    List<PlannedCall> calls = new ArrayList<>();
    for (CallPart p : n.parts()) {
      calls.add(
          new PlannedCall(
              p,
              new NativeCall("POST", URI.create("https://fake.invalid/run"), Map.of(), null, "{}"),
              n.size().choice().pixels()));
    }
    return new CallPlan(new Target("fake", model), n, calls);
  }

  private CompletableFuture<VendorJob> defaultStart(PlannedCall call) {
    String id = "job-" + call.part().index();
    Deque<Object> answers = new ArrayDeque<>(scriptFor.apply(call));
    answers.add(succeeded(call));
    script.put(id, answers);
    return CompletableFuture.completedFuture(
        new VendorJob(
            new Target("fake", "m"), id, Map.of("status_url", "https://fake.invalid/" + id)));
  }

  JobStatus.Succeeded succeeded(PlannedCall call) {
    List<GeneratedImage> images = new ArrayList<>();
    PixelSize px = call.expectedSize();
    for (int k = 0; k < call.part().count(); k++) {
      images.add(
          new GeneratedImage(
              ImageSource.of(new byte[] {1, 2, 3}),
              "image/png",
              px.width() + returnedWidthDelta,
              px.height(),
              call.part().seed(),
              false));
    }
    return new JobStatus.Succeeded(images, null);
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    started.add(call);
    return starter.apply(call);
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    polled.add(job);
    Deque<Object> answers = script.get(job.id());
    Object next = answers.size() > 1 ? answers.poll() : answers.peek();
    if (next instanceof Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
    return CompletableFuture.completedFuture((JobStatus) next);
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    cancelled.add(job);
    return CompletableFuture.completedFuture(null);
  }
}
