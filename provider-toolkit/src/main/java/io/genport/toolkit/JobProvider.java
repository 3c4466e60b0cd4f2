package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Target;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.domain.negotiation.SizeChoice;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.catalog.ModelSpec;
import io.genport.spi.catalog.NativeTranslator;
import io.genport.spi.catalog.Translation;
import io.genport.spi.download.DownloadedImage;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpTransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic engine of every HTTP vendor: an {@link ImageProvider} driven by a {@link
 * JobProtocol}. It plans from the catalog with the one translator, submits with the credential to
 * the vendor's own hosts, polls and maps the vendor's statuses, fetches and downloads the outputs,
 * and cancels; every failure is classified by {@link VendorFailures}. Thread-safe.
 *
 * <p>Rules it applies the same way for every vendor: the seed the vendor reports wins over the seed
 * the call sent; only log lines not reported before are reported; a job that ends with log lines
 * not reported yet reports them as one last running status, and its end at the next poll, which is
 * due at once; a finished job's images are downloaded by the poll that saw it end, and a transient
 * download failure fails that poll only (the next one downloads again) while a permanent one is the
 * job's outcome.
 */
public final class JobProvider implements ImageProvider {
  /** The attribute that keeps the seed a call sent, so a resumed job still reports it. */
  public static final String SEED = "seed";

  private static final Logger LOG = LoggerFactory.getLogger(JobProvider.class);

  /**
   * How much earlier than the submit's send time (by the host's clock) a job found by a search may
   * have been created, for a vendor clock that runs behind. Generous on purpose: a job is adopted
   * only when it is the one job with the call's input, so a wider window can only make the search
   * more cautious, never adopt a wrong job.
   */
  static final Duration SEARCH_CLOCK_SKEW = Duration.ofMinutes(2);

  /** The most pages a search reads; jobs further back than that are not looked at. */
  static final int SEARCH_PAGES = 5;

  private final String name;
  private final JobProtocol protocol;
  private final VendorClient client;
  private final ResultDownloader downloader;
  private final RandomGenerator random;
  private final List<String> models;
  private final EndSignals signals;

  /** Log lines already reported per job id, since vendors send the whole log each time. */
  private final Map<String, Integer> logsSeen = new ConcurrentHashMap<>();

  /** Ended jobs whose last log lines were reported; their end is reported at the next poll. */
  private final Map<String, VendorStatus> pendingEnd = new ConcurrentHashMap<>();

  private final Clock clock;

  /**
   * @param name the provider's name (the target prefix)
   * @param protocol the vendor's protocol
   * @param client the vendor client (credential, hosts, classification)
   * @param downloader fetches result images under the provider's download policy
   * @param random draws seeds when planning
   * @param models the model ids the provider lists (its catalog), in order
   */
  public JobProvider(
      String name,
      JobProtocol protocol,
      VendorClient client,
      ResultDownloader downloader,
      RandomGenerator random,
      List<String> models) {
    this(
        name,
        protocol,
        client,
        downloader,
        random,
        models,
        Clock.systemUTC(),
        DEFAULT_EVENT_STREAMS);
  }

  /** The default of {@code eventStreams}: the most per-job event streams open at once. */
  public static final int DEFAULT_EVENT_STREAMS = 64;

  /**
   * @param name the provider's name (the target prefix)
   * @param protocol the vendor's protocol
   * @param client the vendor client (credential, hosts, classification)
   * @param downloader fetches result images under the provider's download policy
   * @param random draws seeds when planning
   * @param models the model ids the provider lists (its catalog), in order
   * @param clock tells a submit's send time to the search for the job of an ambiguous submit
   *     ({@link JobProtocol#findSubmitted})
   * @param eventStreams the most server-sent-event streams of single jobs open at once (each is
   *     read by a thread; jobs beyond it are polled); 0 uses no event stream at all
   */
  public JobProvider(
      String name,
      JobProtocol protocol,
      VendorClient client,
      ResultDownloader downloader,
      RandomGenerator random,
      List<String> models,
      Clock clock,
      int eventStreams) {
    this.clock = requireNonNull(clock, "clock is null");
    this.name = requireNonNull(name, "name is null");
    this.protocol = requireNonNull(protocol, "protocol is null");
    this.client = requireNonNull(client, "client is null");
    this.downloader = requireNonNull(downloader, "downloader is null");
    this.random = requireNonNull(random, "random is null");
    this.models = List.copyOf(models);
    this.signals = new EndSignals(name, protocol, client, eventStreams);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> models() {
    return models;
  }

  @Override
  public ModelCapabilities describe(String model) {
    return protocol.resolve(model).spec().capabilities();
  }

  /** The catalog entry's parameters: exactly the keys the translator accepts as extensions. */
  @Override
  public List<String> parameters(String model) {
    return List.copyOf(protocol.resolve(model).spec().params().keySet());
  }

  @Override
  public CallPlan plan(GenerationRequest request, String model) {
    ResolvedModel resolved = protocol.resolve(model);
    Translation t = NativeTranslator.translate(request, resolved.spec(), name, random);
    List<PlannedCall> calls = new ArrayList<>();
    for (int i = 0; i < t.bodies().size(); i++) {
      CallPart part = t.negotiated().parts().get(i);
      VendorCall call = protocol.submit(resolved, t.bodies().get(i), part);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("Accept", "application/json");
      headers.putAll(call.headers());
      calls.add(
          new PlannedCall(
              part,
              new NativeCall(
                  call.method(), call.uri(), headers, client.credentialHeader(), call.body()),
              expectedPixels(resolved.spec(), t.negotiated().size().choice()),
              t.expectedFormat()));
    }
    return new CallPlan(new Target(name, resolved.target()), t.negotiated(), calls);
  }

  /**
   * The pixel size a call is expected to deliver: the negotiated one, except that a model whose
   * vendor documents no pixel size for its ratios, resolutions or presets decides them itself (a
   * free width and height sent as such is still exact).
   */
  private static PixelSize expectedPixels(ModelSpec spec, SizeChoice choice) {
    if (spec.sizeDecidedByVendor() && !(choice instanceof SizeChoice.Custom)) {
      return null;
    }
    return choice.pixels();
  }

  @Override
  public CompletableFuture<VendorJob> start(PlannedCall call) {
    NativeCall nc = call.call();
    try {
      // A call this protocol cannot name fails before anything is sent.
      new Target(name, protocol.jobModel(call));
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    VendorCall submit =
        new VendorCall(nc.method(), nc.uri(), nc.headers(), nc.body(), protocol.submitTimeout());
    Instant sentAt = clock.instant();
    signals.beforeSubmit();
    return client
        .exchange(Phase.SUBMIT, submit, imagesOf(Phase.SUBMIT))
        .thenCompose(
            answer -> {
              if (!answer.ok()) {
                throw classify(Phase.SUBMIT, answer);
              }
              return accept(call, answer);
            })
        .exceptionallyCompose(err -> findAmbiguous(call, sentAt, err));
  }

  /** The job a vendor's description of it names: to poll, or already ended with its images. */
  private CompletableFuture<VendorJob> accept(PlannedCall call, VendorResponse answer) {
    Submission s = read(Phase.SUBMIT, answer, () -> protocol.accepted(call, answer));
    Target target = new Target(name, protocol.jobModel(call, answer));
    Map<String, String> attrs = new LinkedHashMap<>(s.attributes());
    if (call.part().seed() != null) {
      attrs.putIfAbsent(SEED, call.part().seed().toString());
    }
    if (s.finished() == null) {
      return CompletableFuture.completedFuture(new VendorJob(target, s.jobId(), attrs));
    }
    VendorJob job = new VendorJob(target, s.jobId(), attrs);
    return ended(job, s.finished())
        .handle(
            (status, err) -> {
              if (err != null) {
                throw billedButNotFetched(err);
              }
              return new VendorJob(target, s.jobId(), attrs, status);
            });
  }

  /**
   * After an ambiguous submit, looks for the job it may have created among the vendor's recent
   * jobs, when the protocol can list them: exactly one job of the same model with the same input,
   * created since the submit was sent, is adopted as the submit's; otherwise the submit stays
   * ambiguous, with what the search saw added to its message. Any other failure passes unchanged.
   */
  private CompletableFuture<VendorJob> findAmbiguous(
      PlannedCall call, Instant sentAt, Throwable err) {
    Throwable c =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (!(c instanceof RetryableProviderException ambiguous) || !ambiguous.ambiguous()) {
      return CompletableFuture.failedFuture(c);
    }
    Optional<VendorCall> first;
    try {
      first = protocol.findSubmitted(call);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(c);
    }
    if (first.isEmpty()) {
      return CompletableFuture.failedFuture(c);
    }
    Instant notBefore = sentAt.minus(SEARCH_CLOCK_SKEW);
    List<JsonNode> matches = new ArrayList<>();
    return searchPages(call, notBefore, first.get(), 1, matches)
        .handle(
            (searched, searchErr) -> {
              if (searchErr != null) {
                throw new CompletionException(
                    RetryableProviderException.ambiguous(
                        ambiguous.getMessage()
                            + "; the search of the vendor's recent jobs for it failed: "
                            + messageOf(searchErr),
                        ambiguous));
              }
              if (matches.size() != 1) {
                throw new CompletionException(
                    RetryableProviderException.ambiguous(
                        ambiguous.getMessage()
                            + (matches.isEmpty()
                                ? "; no job with its input is among the vendor's recent jobs"
                                : "; "
                                    + matches.size()
                                    + " recent jobs have its input, so none can be told to be"
                                    + " its"),
                        ambiguous));
              }
              return matches.get(0);
            })
        .thenCompose(
            found -> {
              LOG.info(
                  "{}: the job of an ambiguous submit was found among the recent jobs: {}",
                  client.failures().vendor(),
                  found.path("id").asText("?"));
              return accept(call, new VendorResponse(200, h -> null, found));
            });
  }

  /** Reads pages of the search until one says stop or {@link #SEARCH_PAGES} were read. */
  private CompletableFuture<Void> searchPages(
      PlannedCall call, Instant notBefore, VendorCall page, int n, List<JsonNode> matches) {
    return client
        .exchange(Phase.STATUS, page)
        .thenCompose(
            answer -> {
              if (!answer.ok()) {
                throw classify(Phase.STATUS, answer);
              }
              SubmittedPage read = protocol.readSubmitted(call, notBefore, answer);
              matches.addAll(read.matches());
              if (read.next() == null || n >= SEARCH_PAGES) {
                return CompletableFuture.completedFuture(null);
              }
              return searchPages(call, notBefore, read.next(), n + 1, matches);
            });
  }

  private static String messageOf(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /**
   * A synchronous answer held the outputs, but fetching them failed for now: the vendor has done
   * (and billed) the work, so a plain retry would pay again. It is ambiguous, which the router
   * resubmits only when the caller allows it.
   */
  private RuntimeException billedButNotFetched(Throwable err) {
    Throwable c =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (c instanceof RetryableProviderException r && !r.ambiguous()) {
      return RetryableProviderException.ambiguous(
          client.failures().vendor()
              + " answered with the images, but fetching them failed: "
              + r.getMessage(),
          r);
    }
    return err instanceof CompletionException ce ? ce : new CompletionException(c);
  }

  @Override
  public CompletableFuture<JobStatus> poll(VendorJob job) {
    if (job.finished() != null) {
      return CompletableFuture.completedFuture(job.finished());
    }
    VendorStatus ended = pendingEnd.remove(job.id());
    if (ended != null) {
      return end(job, ended);
    }
    VendorCall call;
    try {
      call = protocol.status(job);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client
        .exchange(Phase.STATUS, call, imagesOf(Phase.STATUS))
        .thenCompose(
            answer -> {
              if (!answer.ok()) {
                throw classify(Phase.STATUS, answer);
              }
              return status(
                  job, read(Phase.STATUS, answer, () -> protocol.readStatus(job, answer)));
            });
  }

  private CompletableFuture<JobStatus> status(VendorJob job, VendorStatus s) {
    switch (s.state()) {
      case QUEUED:
        return done(new JobStatus.Queued(s.queuePosition()));
      case RUNNING:
        return done(new JobStatus.Running(newLogs(job.id(), s.logs())));
      default:
        List<String> last = new ArrayList<>(newLogs(job.id(), s.logs()));
        if (!last.isEmpty()) {
          last.addAll(s.endLines());
          pendingEnd.put(job.id(), s);
          return done(new JobStatus.Running(last));
        }
        return end(job, s);
    }
  }

  /**
   * The final status of a job a poll saw end. Its reported log lines are forgotten only once that
   * status is delivered: a poll that fails (a transient download failure) leaves them, so the next
   * poll, which reads the status again, does not report them a second time.
   */
  private CompletableFuture<JobStatus> end(VendorJob job, VendorStatus s) {
    return ended(job, s)
        .thenApply(
            status -> {
              logsSeen.remove(job.id());
              return status;
            });
  }

  /** The final status of an ended job: its outputs fetched and downloaded, or its failure. */
  private CompletableFuture<JobStatus> ended(VendorJob job, VendorStatus s) {
    switch (s.state()) {
      case CANCELLED:
        return done(new JobStatus.Cancelled());
      case FAILED:
        return done(
            new JobStatus.Failed(client.failures().jobFailed(s.failure(), s.failureHint())));
      case SUCCEEDED:
        if (s.outputs() != null) {
          return download(job, s.outputs());
        }
        return fetchResult(job, s);
      default:
        return CompletableFuture.failedFuture(
            new IllegalStateException("not an ended status: " + s.state()));
    }
  }

  private CompletableFuture<JobStatus> fetchResult(VendorJob job, VendorStatus completed) {
    VendorCall call;
    try {
      call = protocol.result(job, completed);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client
        .exchange(Phase.RESULT, call, imagesOf(Phase.RESULT))
        .thenCompose(
            answer -> {
              VendorStatus read =
                  read(Phase.RESULT, answer, () -> protocol.readResult(job, completed, answer));
              if (read != null) {
                if (read.state() == VendorStatus.State.SUCCEEDED && read.outputs() == null) {
                  throw client.failures().unexpected("reported a result without outputs");
                }
                return ended(job, read);
              }
              GenerationException e = classify(Phase.RESULT, answer);
              if (e instanceof RetryableProviderException
                  && !protocol.resultErrorIsTheJobs(completed, answer)) {
                throw e;
              }
              return done(new JobStatus.Failed(e));
            });
  }

  private CompletableFuture<JobStatus> download(VendorJob job, VendorOutputs outputs) {
    if (outputs.images().isEmpty()) {
      return done(
          new JobStatus.Failed(client.failures().unexpected("reported success but sent no image")));
    }
    Long seed = outputs.seed() != null ? outputs.seed() : seedOf(job);
    List<CompletableFuture<GeneratedImage>> downloads = new ArrayList<>();
    for (OutputImage out : outputs.images()) {
      CompletableFuture<DownloadedImage> got;
      if (out.received() != null) {
        // Decoded from the answer into the store as it arrived, with a download's checks.
        got = CompletableFuture.completedFuture(out.received());
      } else if (out.data() != null) {
        got = downloader.inline(out.data());
      } else if (out.base64()) {
        got = downloader.inlineBase64(out.location());
      } else {
        got = downloader.fetch(out.location());
      }
      downloads.add(got.thenApply(d -> image(d, out, seed)));
    }
    return CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new))
        .handle(
            (v, err) -> {
              if (err != null) {
                discardStored(downloads);
                return downloadFailed(err);
              }
              List<GeneratedImage> images = new ArrayList<>();
              downloads.forEach(f -> images.add(f.join()));
              return new JobStatus.Succeeded(images, outputs.cost());
            });
  }

  /**
   * Deletes the files of the images of a poll that failed as a whole (one of its downloads failed):
   * the next poll receives them all again, and a failed job keeps none, so a store directory holds
   * only images that were handed over.
   */
  private static void discardStored(List<CompletableFuture<GeneratedImage>> downloads) {
    for (CompletableFuture<GeneratedImage> f : downloads) {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        f.join()
            .source()
            .file()
            .ifPresent(
                path -> {
                  try {
                    Files.deleteIfExists(path);
                  } catch (IOException e) {
                    LOG.warn("could not delete {} of a failed download: {}", path, e.toString());
                  }
                });
      }
    }
  }

  /**
   * A transient download failure fails this poll (the next one downloads again); a permanent one (a
   * refused or missing URL, not an image) is the job's outcome.
   */
  private static JobStatus downloadFailed(Throwable err) {
    Throwable c =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (c instanceof GenerationException g && !(g instanceof RetryableProviderException)) {
      return new JobStatus.Failed(g);
    }
    throw err instanceof CompletionException ce ? ce : new CompletionException(c);
  }

  private static GeneratedImage image(DownloadedImage d, OutputImage out, Long seed) {
    int w = d.size() != null ? d.size().width() : out.width();
    int h = d.size() != null ? d.size().height() : out.height();
    return new GeneratedImage(d.source(), d.mediaType(), w, h, seed, out.flagged());
  }

  @Override
  public CompletableFuture<Void> cancel(VendorJob job) {
    Optional<VendorCall> call;
    try {
      call = protocol.cancel(job);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (call.isEmpty()) {
      return CompletableFuture.failedFuture(
          new UnsupportedCapabilityException(null, protocol.cannotCancel(job)));
    }
    pendingEnd.remove(job.id());
    if (job.finished() != null) {
      // The job ended in its submit's answer: nothing is left to stop.
      return CompletableFuture.completedFuture(null);
    }
    return client
        .exchange(Phase.CANCEL, call.get())
        .thenAccept(
            answer -> {
              if (!answer.ok() && !protocol.cancelFoundJobEnded(answer.status())) {
                throw classify(Phase.CANCEL, answer);
              }
              logsSeen.remove(job.id());
            });
  }

  @Override
  public Duration pollInterval(VendorJob job) {
    return pendingEnd.containsKey(job.id()) ? Duration.ZERO : protocol.pollInterval(job);
  }

  /**
   * The vendor's server-sent events for the end of {@code job} ({@link JobProtocol#statusStream} or
   * {@link JobProtocol#eventStream}), when it has them and a stream is free.
   */
  @Override
  public Optional<CompletableFuture<Void>> endSignal(VendorJob job) {
    if (job.finished() != null || pendingEnd.containsKey(job.id())) {
      return Optional.empty();
    }
    return signals.signal(job);
  }

  /**
   * The downloader that receives the inline images of a success answer of {@code phase}, if any.
   */
  private ResultDownloader imagesOf(Phase phase) {
    return protocol.answerCarriesImages(phase) ? downloader : null;
  }

  /**
   * Runs the protocol's read of {@code answer}. A streamed answer is closed afterwards; when its
   * read fails, the images it received are discarded (no file is left of an answer that failed) and
   * a failure to read the socket is classified: a body that broke off as unreadable (retryable),
   * one that is not JSON as malformed.
   */
  private <T> T read(Phase phase, VendorResponse answer, Supplier<T> reading) {
    if (!answer.streamed()) {
      return reading.get();
    }
    try {
      return reading.get();
    } catch (UncheckedIOException e) {
      answer.discardReceived();
      Throwable cause = e.getCause();
      if (cause instanceof JsonProcessingException && !(cause instanceof JsonEOFException)) {
        throw client.failures().malformedJson(phase, answer.status());
      }
      throw client.failures().unreadableBody(phase, answer.status(), cause);
    } catch (HttpTransportException e) {
      // The socket failed under the parser, or the body overran the transport's cap.
      answer.discardReceived();
      throw client.failures().unreadableBody(phase, answer.status(), e);
    } catch (RuntimeException | Error e) {
      answer.discardReceived();
      throw e;
    } finally {
      answer.close();
    }
  }

  /** Classifies an error answer with the vendor's error reading. */
  private GenerationException classify(Phase phase, VendorResponse answer) {
    return client
        .failures()
        .forResponse(
            phase, answer.status(), protocol.readError(answer), answer.header("Retry-After"));
  }

  private List<String> newLogs(String id, List<String> all) {
    int seen = logsSeen.getOrDefault(id, 0);
    logsSeen.put(id, Math.max(seen, all.size()));
    return seen < all.size() ? List.copyOf(all.subList(seen, all.size())) : List.of();
  }

  private static Long seedOf(VendorJob job) {
    String s = job.attribute(SEED);
    try {
      return s == null ? null : Long.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
