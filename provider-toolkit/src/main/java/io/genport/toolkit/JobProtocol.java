package io.genport.toolkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.core.domain.negotiation.CallPart;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A vendor's wire protocol, everything the {@link JobProvider} engine does not know: where the
 * requests go, what the answers say. Implementations are small, stateless apart from their
 * configuration, and thread-safe; they do no I/O (the engine sends and reads everything).
 *
 * <p>A job vendor implements {@link #submit}, {@link #accepted}, {@link #status} and {@link
 * #readStatus}; a one-shot vendor answers every submit with a finished {@link Submission} and keeps
 * the defaults of the polling methods. Methods throw {@link
 * io.genport.core.domain.GenerationException}s (usually from {@link VendorFailures}) for answers
 * they cannot use.
 */
public interface JobProtocol {

  /**
   * Resolves a target's model: a catalog id, or a model the vendor accepts that the catalog does
   * not list (then described by the catalog's generic entry).
   *
   * @throws io.genport.core.domain.InvalidRequestException naming {@code model} when it is neither
   */
  ResolvedModel resolve(String model);

  /** The base URLs of the vendor's hosts; the credential goes to their origins only. */
  List<java.net.URI> hosts();

  /**
   * The billable request of one call part. Headers {@code Content-Type} and {@code Accept} are
   * added first by the engine; the credential header is added only when sending.
   *
   * @param model the resolved model
   * @param input the native input the translator built for this part; the protocol may wrap it
   * @param part which part of the split request this is
   */
  VendorCall submit(ResolvedModel model, ObjectNode input, CallPart part);

  /**
   * Whether a success answer of {@code phase} may carry images inline (base64 or {@code data:}
   * URIs). Then the engine hands the protocol that answer {@linkplain VendorResponse#streamed()
   * streamed} from the socket, to be read once with {@link VendorResponse#parser()} and its images
   * decoded with {@link VendorResponse#receiveImage} as they arrive. The default: no phase does.
   */
  default boolean answerCarriesImages(Phase phase) {
    return false;
  }

  /** The response timeout of a submit (longer for a vendor that holds it open); null: default. */
  default Duration submitTimeout() {
    return null;
  }

  /** The model that the job of {@code call} runs, as its {@link io.genport.core.domain.Target}. */
  String jobModel(PlannedCall call);

  /**
   * The model that the job {@code answer} accepted runs, for a vendor whose answer names it better
   * than the call (a call that sends only a version id, answered with the model it belongs to). The
   * default: {@link #jobModel(PlannedCall)}.
   */
  default String jobModel(PlannedCall call, VendorResponse answer) {
    return jobModel(call);
  }

  /**
   * Reads a success answer to a submit: the job, or its final status for a synchronous answer. A
   * success that names no job must fail with {@link VendorFailures#missingJobId}.
   */
  Submission accepted(PlannedCall call, VendorResponse answer);

  /**
   * The first request of a search for the job that an ambiguous submit of {@code call} (a reset
   * after the request was written, a timeout) may have created, for a vendor that lists its recent
   * jobs together with their input. The engine adopts the job when exactly one matches, so a
   * resubmit is not needed and nothing is billed twice; with none or several the submit stays
   * ambiguous. The default: empty, the vendor has no such list.
   */
  default Optional<VendorCall> findSubmitted(PlannedCall call) {
    return Optional.empty();
  }

  /**
   * Reads one page of the search {@link #findSubmitted} started: the jobs on it created for {@code
   * call} (the same model and exactly the same input) no earlier than {@code notBefore}, and the
   * next page's request while older jobs may still match.
   *
   * @param notBefore the submit's send time by the host's clock, less an allowance for clock skew
   */
  default SubmittedPage readSubmitted(PlannedCall call, Instant notBefore, VendorResponse page) {
    throw new UnsupportedOperationException("this vendor has no list of recent jobs");
  }

  /** The status request of an accepted job. The default: one-shot vendors have none. */
  default VendorCall status(VendorJob job) {
    throw new UnsupportedOperationException("a one-shot protocol has no status request");
  }

  /** Reads a success answer to a status request: the row of the vendor's status table. */
  default VendorStatus readStatus(VendorJob job, VendorResponse answer) {
    throw new UnsupportedOperationException("a one-shot protocol has no status");
  }

  /**
   * The request that fetches the outputs of a job whose status said it succeeded without carrying
   * them ({@link VendorStatus#outputs()} null). The default: outputs come with the status.
   */
  default VendorCall result(VendorJob job, VendorStatus completed) {
    throw new UnsupportedOperationException("outputs come with the status");
  }

  /**
   * Reads the answer to {@link #result}: the job's final status, or {@code null} to have the engine
   * classify an error answer. The default reads nothing.
   */
  default VendorStatus readResult(VendorJob job, VendorStatus completed, VendorResponse answer) {
    return null;
  }

  /**
   * Whether a retryable error answer to {@link #result} is the job's own outcome (it ran and
   * failed) rather than a hiccup of the fetch, which is then retried by polling again.
   */
  default boolean resultErrorIsTheJobs(VendorStatus completed, VendorResponse answer) {
    return false;
  }

  /**
   * The request that cancels {@code job}, or empty when this job cannot be cancelled (a one-shot
   * call has no job left); then {@link #cannotCancel} says why.
   */
  default Optional<VendorCall> cancel(VendorJob job) {
    return Optional.empty();
  }

  /** Why {@code job} cannot be cancelled. */
  default String cannotCancel(VendorJob job) {
    return "this vendor cannot cancel jobs";
  }

  /** Whether an error status of a cancel means the job has already ended (nothing to stop). */
  default boolean cancelFoundJobEnded(int status) {
    return status == 404;
  }

  /** Reads the vendor's error text (and any signal it gives of the class) from an error answer. */
  VendorError readError(VendorResponse answer);

  /** How long to wait between polls of {@code job}. */
  default Duration pollInterval(VendorJob job) {
    return Duration.ofSeconds(1);
  }

  /**
   * The vendor's server-sent-event stream of one job's status (fal's {@code .../status/stream}), or
   * empty (the default) when it has none. The engine opens it while the router waits for the job
   * and polls as soon as {@link #streamSaysEnded} says so; the stream is an accelerator only, so a
   * failure to open or read it just leaves the job to polling.
   */
  default Optional<VendorCall> statusStream(VendorJob job) {
    return Optional.empty();
  }

  /** Whether {@code event} of {@code job}'s {@link #statusStream} says the job has ended. */
  default boolean streamSaysEnded(VendorJob job, ServerSentEvent event) {
    return false;
  }

  /**
   * The vendor's account-wide server-sent-event stream of job ends (Oxen's {@code /api/events}), or
   * empty (the default). The engine keeps one open per provider while jobs wait, opened before a
   * submit is sent since such streams do not replay what happened before one connects.
   */
  default Optional<VendorCall> eventStream() {
    return Optional.empty();
  }

  /**
   * The id of the job whose end {@code event} of the {@link #eventStream} reports, or {@code null}
   * for an event about anything else.
   */
  default String endedJobOf(ServerSentEvent event) {
    return null;
  }
}
