package io.genport.toolkit;

import static io.genport.toolkit.FakeQueueProtocol.JOBS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.domain.Target;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.port.CallPlan;
import io.genport.core.port.JobStatus;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.spi.Credentials;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.ImageStore;
import io.genport.spi.download.ResultDownloader;
import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpTransportException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against a small queue-style protocol ({@link FakeQueueProtocol}) and an in-memory
 * transport: everything completes at once, nothing sleeps, nothing leaves the process.
 */
class JobProviderTest {
  private static final String KEY = "sk-acme-test-5f2b9c";
  private static final String JOB = JOBS + "/job-1";

  /** A result file on a host the download policy allows over plain http. */
  private static final String FILE = "http://127.0.0.1:8080/files/out-1.png";

  private static final byte[] PNG = png(3, 2);
  private static final String PNG_BASE64 = Base64.getEncoder().encodeToString(PNG);
  private static final String PNG_DATA_URI = "data:image/png;base64," + PNG_BASE64;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-14T09:26:53Z"), ZoneOffset.UTC);

  private final FakeTransport http = new FakeTransport();
  private final ObjectMapper json = new ObjectMapper();
  private final VendorFailures failures = new VendorFailures("Acme", "ACME_KEY", CLOCK);
  private final FakeQueueProtocol protocol =
      new FakeQueueProtocol(new CatalogLookup(TestCatalog.catalog(), "Acme"), failures);
  private final JobProvider provider = provider(Credentials.fromMap(Map.of("ACME_KEY", KEY)));

  @AfterEach
  void everyScriptedAnswerWasAskedFor() {
    assertTrue(http.allAnswered(), "some scripted answers were never requested");
  }

  // --- plan ---

  @Test
  void aPlanHasContentTypeAndAcceptFirstThenTheProtocolsHeadersAndNamesTheCredentialOnly()
      throws IOException {
    CallPlan plan = provider.plan(request(), "tiny");

    assertEquals(new Target("acme", "tiny"), plan.target());
    assertEquals(1, plan.calls().size());
    PlannedCall call = plan.calls().get(0);
    NativeCall nc = call.call();
    assertEquals("POST", nc.method());
    assertEquals(URI.create(JOBS), nc.uri());
    assertEquals(
        List.of("Content-Type", "Accept", "X-Acme-Model", "X-Acme-Part"),
        List.copyOf(nc.headers().keySet()));
    assertEquals("application/json", nc.headers().get("Content-Type"));
    assertEquals("application/json", nc.headers().get("Accept"));
    assertEquals("tiny", nc.headers().get("X-Acme-Model"));
    assertEquals("Authorization", nc.credentialHeader());
    assertFalse(nc.headers().containsKey("Authorization"), "the value is added when sending");
    assertFalse(nc.toString().contains(KEY), "a plan can be printed");
    assertEquals(new PixelSize(512, 640), call.expectedSize());
    assertEquals(42L, call.part().seed());
    JsonNode body = json.readTree(nc.body());
    assertEquals("acme/tiny", body.path("model").asText());
    assertEquals("a red fox", body.path("input").path("prompt").asText());
    assertEquals(512, body.path("input").path("width").asInt());
    assertEquals(640, body.path("input").path("height").asInt());
    assertEquals(42, body.path("input").path("seed").asInt());
    assertTrue(http.sent().isEmpty(), "planning sends nothing");
  }

  // --- the credential ---

  @Test
  void theCredentialIsAddedWhenSendingToTheVendorsHost() {
    PlannedCall call = planned();
    http.answer("POST", JOBS, 201, "{\"id\": \"job-1\"}");

    VendorJob job = done(provider.start(call));

    HttpRequest sent = http.last();
    assertEquals(URI.create(JOBS), sent.uri());
    assertEquals(
        List.of("Content-Type", "Accept", "X-Acme-Model", "X-Acme-Part", "Authorization"),
        List.copyOf(sent.headers().keySet()));
    assertEquals("Bearer " + KEY, sent.headers().get("Authorization"));
    assertEquals(call.call().body(), new String(sent.body(), StandardCharsets.UTF_8));
    assertEquals(new Target("acme", "tiny"), job.target());
    assertEquals("job-1", job.id());
    assertNull(job.finished());
  }

  @Test
  void aStatusUrlOnTheVendorsHostIsFollowedWithTheCredential() {
    String own = "https://api.acme.test/v1/queue/job-1/status";
    http.answer("POST", JOBS, 201, "{\"id\": \"job-1\", \"status_url\": \"" + own + "\"}");
    http.answer("GET", own, 200, "{\"status\": \"queued\"}");
    VendorJob job = done(provider.start(planned()));

    assertEquals(new JobStatus.Queued(null), done(provider.poll(job)));

    assertEquals(URI.create(own), http.last().uri());
    assertEquals("Bearer " + KEY, http.last().headers().get("Authorization"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.test/v1/jobs/job-1",
        "http://api.acme.test/v1/jobs/job-1",
        "https://api.acme.test:8443/v1/jobs/job-1"
      })
  void aStatusUrlOffTheVendorsHostFailsNotRetryableAndNothingIsSent(String url) {
    http.answer("POST", JOBS, 201, "{\"id\": \"job-1\", \"status_url\": \"" + url + "\"}");
    VendorJob job = done(provider.start(planned()));
    int sentBefore = http.sent().size();

    NonRetryableProviderException e =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.poll(job)));

    assertEquals(
        "refusing to send the Acme credential to "
            + URI.create(url).getHost()
            + ", which is not a configured Acme host",
        e.getMessage());
    assertEquals(sentBefore, http.sent().size(), "nothing was sent to " + url);
  }

  @Test
  void aMissingCredentialFailsBeforeAnythingIsSent() {
    JobProvider keyless = provider(Credentials.none());
    PlannedCall call = keyless.plan(request(), "tiny").calls().get(0);

    Throwable submit = failure(keyless.start(call));
    Throwable poll = failure(keyless.poll(job("job-1")));
    Throwable cancel = failure(keyless.cancel(job("job-1")));

    for (Throwable e : List.of(submit, poll, cancel)) {
      NonRetryableProviderException n = assertInstanceOf(NonRetryableProviderException.class, e);
      assertEquals(
          "no Acme credential: set ACME_KEY (create one at https://acme.test/keys)",
          n.getMessage());
    }
    assertTrue(http.sent().isEmpty());
  }

  // --- polling ---

  @Test
  void onlyLogLinesNotReportedBeforeAreReportedPerJob() {
    status("{'status': 'queued', 'position': 3}");
    status("{'status': 'running', 'logs': ['loading']}");
    status("{'status': 'running', 'logs': ['loading', 'step 1']}");
    status("{'status': 'running', 'logs': ['loading', 'step 1']}");
    status("{'status': 'running', 'logs': ['loading', 'step 1', 'step 2', 'step 3']}");
    http.answer("GET", JOBS + "/job-2", 200, q("{'status': 'running', 'logs': ['other']}"));
    VendorJob job = job("job-1");

    assertEquals(new JobStatus.Queued(3), done(provider.poll(job)));
    assertEquals(running("loading"), done(provider.poll(job)));
    assertEquals(running("step 1"), done(provider.poll(job)));
    assertEquals(running(), done(provider.poll(job)));
    assertEquals(running("other"), done(provider.poll(job("job-2"))), "logs are per job");
    assertEquals(running("step 2", "step 3"), done(provider.poll(job)));
    assertEquals(FakeQueueProtocol.POLL_INTERVAL, provider.pollInterval(job));
  }

  @Test
  void aJobThatEndsWithUnseenLogsReportsThemThenItsEndAtTheNextPollWhichIsDueAtOnce() {
    status("{'status': 'running', 'logs': ['loading']}");
    status(
        "{'status': 'succeeded', 'logs': ['loading', 'step 1', 'step 2'], 'run_time': 1.5,"
            + " 'images': ['"
            + PNG_DATA_URI
            + "']}");
    VendorJob job = job("job-1");

    assertEquals(running("loading"), done(provider.poll(job)));
    assertEquals(running("step 1", "step 2", "run time: 1.5 s"), done(provider.poll(job)));
    assertEquals(Duration.ZERO, provider.pollInterval(job));
    int sentBefore = http.sent().size();

    JobStatus end = done(provider.poll(job));

    assertEquals(1, assertInstanceOf(JobStatus.Succeeded.class, end).images().size());
    assertEquals(sentBefore, http.sent().size(), "the end was already read");
    assertEquals(FakeQueueProtocol.POLL_INTERVAL, provider.pollInterval(job));
  }

  @Test
  void aFailedJobWithUnseenLogsReportsThemThenItsFailure() {
    status(
        "{'status': 'failed', 'logs': ['out of memory at step 3'], 'error': 'CUDA error',"
            + " 'run_time': 4}");
    VendorJob job = job("job-1");

    assertEquals(running("out of memory at step 3", "run time: 4 s"), done(provider.poll(job)));
    assertEquals(Duration.ZERO, provider.pollInterval(job));
    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, done(provider.poll(job)));

    assertEquals("Acme job failed: CUDA error", failed.error().getMessage());
    assertEquals(1, http.sent().size());
  }

  @Test
  void aJobThatEndsWithEveryLogLineReportedEndsAtOnce() {
    status("{'status': 'running', 'logs': ['loading']}");
    status("{'status': 'cancelled', 'logs': ['loading'], 'run_time': 1}");
    VendorJob job = job("job-1");
    done(provider.poll(job));

    assertEquals(new JobStatus.Cancelled(), done(provider.poll(job)));
    assertEquals(FakeQueueProtocol.POLL_INTERVAL, provider.pollInterval(job));
  }

  @Test
  void aJobFailureIsClassifiedFromItsTextAndCode() {
    status("{'status': 'failed', 'error': 'NSFW content detected'}");
    status("{'status': 'failed', 'error': 'E42', 'code': 'capacity'}");
    status("{'status': 'failed'}");
    VendorJob job = job("job-1");

    assertInstanceOf(ContentRejectedException.class, failedWith(done(provider.poll(job))));
    RetryableProviderException capacity =
        assertInstanceOf(RetryableProviderException.class, failedWith(done(provider.poll(job))));
    assertFalse(capacity.ambiguous());
    assertEquals(
        "Acme job failed: no error message", failedWith(done(provider.poll(job))).getMessage());
  }

  // --- seeds ---

  @Test
  void theSeedTheVendorReportsWinsAndTheSentSeedIsKeptForJobsThatReportNone() {
    http.answer("POST", JOBS, 201, "{\"id\": \"job-1\"}");
    http.answer("POST", JOBS, 201, "{\"id\": \"job-2\"}");
    status("{'status': 'succeeded', 'seed': 7, 'images': ['" + PNG_DATA_URI + "']}");
    http.answer(
        "GET",
        JOBS + "/job-2",
        200,
        q("{'status': 'succeeded', 'images': ['" + PNG_DATA_URI + "']}"));
    VendorJob reported = done(provider.start(planned()));
    VendorJob silent = done(provider.start(planned()));

    assertEquals("42", reported.attribute(JobProvider.SEED));
    assertEquals(7L, succeeded(done(provider.poll(reported))).images().get(0).seed());
    assertEquals(42L, succeeded(done(provider.poll(silent))).images().get(0).seed());
  }

  // --- synchronous answers ---

  @Test
  void aSynchronousAnswerYieldsAFinishedJobThatIsNeverPolled() {
    http.answer(
        "POST",
        JOBS,
        200,
        q(
            "{'id': 'sync-1', 'status': 'succeeded', 'cost': 0.04, 'images': [{'b64': '"
                + PNG_BASE64
                + "'}]}"));

    VendorJob job = done(provider.start(planned()));

    JobStatus.Succeeded s = succeeded(job.finished());
    GeneratedImage image = s.images().get(0);
    assertArrayEquals(PNG, image.source().readAllBytes());
    assertEquals("image/png", image.mediaType());
    assertEquals(new PixelSize(3, 2), image.size(), "read from the image itself");
    assertEquals(42L, image.seed());
    assertEquals(0, new BigDecimal("0.04").compareTo(s.cost().amount()));
    assertEquals("42", job.attribute(JobProvider.SEED));
    assertSame(job.finished(), done(provider.poll(job)));
    assertEquals(1, http.sent().size(), "the submit only");
  }

  @Test
  void imagesTheProtocolDecodedItselfAreCheckedLikeDownloadsWithoutFetching() {
    http.answer(
        "POST",
        JOBS,
        200,
        q(
            "{'id': 'sync-2', 'status': 'succeeded', 'images': [{'decoded': '"
                + PNG_BASE64
                + "'}]}"));

    JobStatus.Succeeded s = succeeded(done(provider.start(planned())).finished());

    assertArrayEquals(PNG, s.images().get(0).source().readAllBytes());
    assertEquals("image/png", s.images().get(0).mediaType());
    assertEquals(new PixelSize(3, 2), s.images().get(0).size());
    assertEquals(1, http.sent().size(), "nothing fetched");

    http.answer(
        "POST",
        JOBS,
        200,
        q(
            "{'id': 'sync-3', 'status': 'succeeded', 'images': [{'decoded': '"
                + Base64.getEncoder()
                    .encodeToString("not an image".getBytes(StandardCharsets.UTF_8))
                + "'}]}"));
    JobStatus end = done(provider.start(planned())).finished();
    assertTrue(
        failedWith(end).getMessage().contains("not a PNG"), "bytes that are no image fail the job");
  }

  @Test
  void aSynchronousAnswerWhoseImagesCannotBeFetchedNowIsAmbiguousSinceTheWorkWasBilled() {
    http.answer(
        "POST",
        JOBS,
        200,
        q("{'id': 'sync-2', 'status': 'succeeded', 'images': ['" + FILE + "']}"));
    http.answer("GET", FILE, 503, "busy");

    RetryableProviderException e =
        assertInstanceOf(RetryableProviderException.class, failure(provider.start(planned())));

    assertTrue(e.ambiguous(), "a plain retry would pay for the images again: " + e.getMessage());
    assertTrue(e.getMessage().contains("fetching them failed"), e.getMessage());
  }

  // --- downloads ---

  @Test
  void aTransientDownloadFailureFailsThePollAndTheNextPollDownloadsAgain() {
    status("{'status': 'running', 'logs': ['loading']}");
    status("{'status': 'succeeded', 'logs': ['loading'], 'images': ['" + FILE + "']}");
    http.answer("GET", FILE, 503, "busy");
    status("{'status': 'succeeded', 'logs': ['loading'], 'images': ['" + FILE + "']}");
    http.answerBytes("GET", FILE, 200, PNG, Map.of("Content-Type", "image/png"));
    VendorJob job = job("job-1");
    assertEquals(running("loading"), done(provider.poll(job)));

    RetryableProviderException e =
        assertInstanceOf(RetryableProviderException.class, failure(provider.poll(job)));
    assertFalse(e.ambiguous());
    assertTrue(e.getMessage().contains("returned HTTP 503"), e.getMessage());

    JobStatus next = done(provider.poll(job));
    assertArrayEquals(
        PNG,
        succeeded(next).images().get(0).source().readAllBytes(),
        "the next poll downloads again, without reporting the log lines a second time");
    HttpRequest download = http.last();
    assertEquals(URI.create(FILE), download.uri());
    assertFalse(download.headers().containsKey("Authorization"), "downloads carry no key");
  }

  @Test
  void aTransientDownloadFailureAfterTheLastLogsDoesNotReportThemAgain() {
    String ended =
        "{'status': 'succeeded', 'logs': ['loading', 'done'], 'run_time': 2, 'images': ['"
            + FILE
            + "']}";
    status("{'status': 'running', 'logs': ['loading']}");
    status(ended);
    http.answer("GET", FILE, 502, "bad gateway");
    status(ended);
    http.answerBytes("GET", FILE, 200, PNG, Map.of());
    VendorJob job = job("job-1");
    assertEquals(running("loading"), done(provider.poll(job)));
    assertEquals(running("done", "run time: 2 s"), done(provider.poll(job)));

    retryable(failure(provider.poll(job)));
    assertEquals(FakeQueueProtocol.POLL_INTERVAL, provider.pollInterval(job), "not due at once");

    succeeded(done(provider.poll(job)));
  }

  @Test
  void aPermanentDownloadFailureIsTheJobsOutcome() {
    status("{'status': 'succeeded', 'images': ['" + FILE + "']}");
    http.answer("GET", FILE, 200, "<html>not an image</html>", Map.of("Content-Type", "text/html"));

    JobStatus.Failed failed =
        assertInstanceOf(JobStatus.Failed.class, done(provider.poll(job("job-1"))));

    NonRetryableProviderException e =
        assertInstanceOf(NonRetryableProviderException.class, failed.error());
    assertTrue(e.getMessage().contains("is not a PNG, JPEG, WebP or GIF image"), e.getMessage());
  }

  @Test
  void aPollWhoseSecondImageFailsKeepsNoFileOfTheFirst(@TempDir Path dir) throws IOException {
    String second = "http://127.0.0.1:8080/files/out-2.png";
    status("{'status': 'succeeded', 'images': ['" + FILE + "', '" + second + "']}");
    http.answerBytes("GET", FILE, 200, PNG, Map.of("Content-Type", "image/png"));
    http.answer(
        "GET", second, 200, "<html>not an image</html>", Map.of("Content-Type", "text/html"));
    VendorClient client =
        new VendorClient(
            http,
            Credentials.fromMap(Map.of("ACME_KEY", KEY)),
            json,
            CredentialScheme.bearer("ACME_KEY", ""),
            protocol.hosts(),
            failures);
    ResultDownloader intoFiles =
        new ResultDownloader(
            http,
            DownloadPolicy.allowing("127.0.0.1"),
            DownloadPolicy.CONFIG_KEY,
            ImageStore.directory(dir));
    JobProvider writingFiles =
        new JobProvider(
            "acme", protocol, client, intoFiles, new SplittableRandom(1), List.of("tiny", "plain"));

    JobStatus end = done(writingFiles.poll(job("job-1")));

    assertInstanceOf(JobStatus.Failed.class, end);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(), files.toList(), "the image that did arrive was deleted with the poll");
    }
  }

  @Test
  void aSuccessWithoutImagesIsAFailure() {
    status("{'status': 'succeeded', 'images': []}");

    NonRetryableProviderException e =
        assertInstanceOf(
            NonRetryableProviderException.class, failedWith(done(provider.poll(job("job-1")))));
    assertEquals("Acme reported success but sent no image", e.getMessage());
  }

  // --- cancel ---

  @Test
  void cancelIsUnsupportedForAProtocolThatCannotCancel() {
    protocol.cancellable = false;

    UnsupportedCapabilityException e =
        assertInstanceOf(
            UnsupportedCapabilityException.class, failure(provider.cancel(job("job-1"))));

    assertEquals("Acme jobs cannot be cancelled; job job-1 runs to its end", e.getMessage());
    assertEquals(FailureClass.UNSUPPORTED, e.failureClass());
    assertTrue(http.sent().isEmpty());
  }

  @Test
  void cancellingAFinishedJobSendsNothing() {
    VendorJob finished =
        new VendorJob(new Target("acme", "tiny"), "sync-1", Map.of(), new JobStatus.Cancelled());

    assertNull(done(provider.cancel(finished)));
    assertTrue(http.sent().isEmpty());
  }

  @Test
  void cancelSendsTheRequestAndA404MeansTheJobHadEnded() {
    http.answer("POST", JOB + "/cancel", 202, "{}");
    http.answer("POST", JOB + "/cancel", 404, "{\"error\": \"no such job\"}");

    assertNull(done(provider.cancel(job("job-1"))));
    assertEquals("Bearer " + KEY, http.last().headers().get("Authorization"));
    assertNull(done(provider.cancel(job("job-1"))));
    assertEquals(2, http.sent().size());
  }

  @Test
  void otherCancelErrorsAreClassified() {
    http.answer("POST", JOB + "/cancel", 503, "{\"error\": \"busy\"}", Map.of("Retry-After", "5"));
    http.answer("POST", JOB + "/cancel", 401, "{\"error\": \"bad key\"}");
    http.answer("POST", JOB + "/cancel", 409, "{\"error\": \"already running\"}");

    RetryableProviderException busy =
        assertInstanceOf(RetryableProviderException.class, failure(provider.cancel(job("job-1"))));
    assertEquals(Duration.ofSeconds(5), busy.retryAfter());
    assertFalse(busy.ambiguous());
    NonRetryableProviderException auth =
        assertInstanceOf(
            NonRetryableProviderException.class, failure(provider.cancel(job("job-1"))));
    assertEquals(
        "Acme returned HTTP 401: bad key (check the Acme credential ACME_KEY)", auth.getMessage());
    NonRetryableProviderException conflict =
        assertInstanceOf(
            NonRetryableProviderException.class, failure(provider.cancel(job("job-1"))));
    assertEquals(409, conflict.httpStatus());
  }

  // --- error answers and exchange failures ---

  @Test
  void errorAnswersAreClassifiedWithTheProtocolsErrorReading() {
    http.answer("POST", JOBS, 422, "{\"error\": \"width must be a multiple of 64\"}");
    http.answer(
        "POST", JOBS, 400, "{\"error\": \"request refused\", \"type\": \"content_policy\"}");
    http.answer(
        "POST", JOBS, 503, "{\"error\": \"maintenance\"}", Map.of("X-Should-Retry", "false"));
    http.answer("POST", JOBS, 502, "<html>Bad Gateway</html>", Map.of("Retry-After", "3"));
    PlannedCall call = planned();

    NonRetryableProviderException invalid =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.start(call)));
    assertEquals(422, invalid.httpStatus());
    assertEquals("Acme returned HTTP 422: width must be a multiple of 64", invalid.getMessage());
    assertEquals(
        "Acme rejected the content: request refused",
        assertInstanceOf(ContentRejectedException.class, failure(provider.start(call)))
            .getMessage());
    NonRetryableProviderException maintenance =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.start(call)));
    assertEquals("Acme returned HTTP 503: maintenance (not retryable)", maintenance.getMessage());
    RetryableProviderException gateway =
        assertInstanceOf(RetryableProviderException.class, failure(provider.start(call)));
    assertEquals("Acme returned HTTP 502", gateway.getMessage(), "an HTML page says nothing");
    assertEquals(Duration.ofSeconds(3), gateway.retryAfter());
    assertFalse(gateway.ambiguous(), "Acme answered");
  }

  @Test
  void a404IsAnUnknownModelOnASubmitButNotOnAPoll() {
    http.answer("POST", JOBS, 404, "{\"error\": \"no such model\"}");
    http.answer("GET", JOB, 404, "{\"error\": \"no such job\"}");

    NonRetryableProviderException submit =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.start(planned())));
    NonRetryableProviderException poll =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.poll(job("job-1"))));

    assertTrue(submit.getMessage().contains("does not exist"), submit.getMessage());
    assertEquals("Acme returned HTTP 404: no such job", poll.getMessage());
  }

  @Test
  void exchangeFailuresAreAmbiguousOnlyOnASubmit() {
    http.fail("POST", JOBS, new HttpTransportException("Connection reset", true, null));
    http.fail("GET", JOB, new HttpTransportException("Connection reset", true, null));
    http.answerBrokenBody("POST", JOBS, 201);
    http.answerBrokenBody("GET", JOB, 200);
    http.answer("POST", JOBS, 200, "{\"id\": ");
    http.answer("GET", JOB, 200, "<html>");
    http.answer("POST", JOBS, 201, "{\"status_url\": \"" + JOB + "\"}");
    http.fail("POST", JOBS, new HttpTransportException("Connection refused", false, null));
    PlannedCall call = planned();
    VendorJob job = job("job-1");

    for (int i = 0; i < 3; i++) {
      RetryableProviderException submit = retryable(failure(provider.start(call)));
      RetryableProviderException poll = retryable(failure(provider.poll(job)));
      assertTrue(submit.ambiguous(), submit.getMessage());
      assertFalse(poll.ambiguous(), poll.getMessage());
    }
    RetryableProviderException noId = retryable(failure(provider.start(call)));
    assertTrue(noId.ambiguous());
    assertEquals("Acme accepted the request but sent no id; the job may exist", noId.getMessage());
    assertFalse(retryable(failure(provider.start(call))).ambiguous(), "refused: never sent");
  }

  @Test
  void aTransportThatRefusesToSendIsNotRetryable() {
    http.refuse("POST", JOBS, new IllegalStateException("clear-text header logging is on"));

    NonRetryableProviderException e =
        assertInstanceOf(NonRetryableProviderException.class, failure(provider.start(planned())));

    assertEquals(
        "Acme request was refused by the transport: clear-text header logging is on",
        e.getMessage());
  }

  // --- outputs fetched with a result request ---

  @Test
  void aRetryableResultErrorFailsThePollAndTheNextPollFetchesAgain() {
    protocol.outputsFromResult = true;
    status("{'status': 'succeeded'}");
    http.answer("GET", JOB + "/result", 503, "{\"error\": \"result store busy\"}");
    status("{'status': 'succeeded'}");
    http.answer("GET", JOB + "/result", 200, q("{'seed': 9, 'images': ['" + PNG_DATA_URI + "']}"));
    VendorJob job = job("job-1");

    RetryableProviderException e = retryable(failure(provider.poll(job)));
    assertEquals("Acme returned HTTP 503: result store busy", e.getMessage());
    assertFalse(e.ambiguous());

    GeneratedImage image = succeeded(done(provider.poll(job))).images().get(0);
    assertEquals(9L, image.seed());
  }

  @Test
  void aRetryableResultErrorIsTheJobsOutcomeWhenTheProtocolSaysSo() {
    protocol.outputsFromResult = true;
    protocol.resultErrorIsTheJobs = true;
    status("{'status': 'succeeded'}");
    http.answer("GET", JOB + "/result", 500, "{\"error\": \"worker crashed\"}");

    RetryableProviderException e = retryable(failedWith(done(provider.poll(job("job-1")))));
    assertEquals("Acme returned HTTP 500: worker crashed", e.getMessage());
  }

  @Test
  void aNotRetryableResultErrorIsTheJobsOutcome() {
    protocol.outputsFromResult = true;
    status("{'status': 'succeeded'}");
    http.answer("GET", JOB + "/result", 410, "{\"error\": \"result expired\"}");

    NonRetryableProviderException e =
        assertInstanceOf(
            NonRetryableProviderException.class, failedWith(done(provider.poll(job("job-1")))));
    assertEquals(410, e.httpStatus());
  }

  // --- the job's model ---

  @Test
  void theJobRunsTheModelTheAcceptingAnswerNames() {
    http.answer("POST", JOBS, 201, "{\"id\": \"job-1\", \"model\": \"acme/tiny-2024\"}");

    VendorJob job = done(provider.start(planned()));

    assertEquals(new Target("acme", "acme/tiny-2024"), job.target());
  }

  // --- helpers ---

  private JobProvider provider(Credentials credentials) {
    VendorClient client =
        new VendorClient(
            http,
            credentials,
            json,
            CredentialScheme.bearer("ACME_KEY", " (create one at https://acme.test/keys)"),
            protocol.hosts(),
            failures);
    ResultDownloader downloader = new ResultDownloader(http, DownloadPolicy.allowing("127.0.0.1"));
    return new JobProvider(
        "acme", protocol, client, downloader, new SplittableRandom(1), List.of("tiny", "plain"));
  }

  private static GenerationRequest request() {
    return GenerationRequest.builder("a red fox").size(Size.exact(512, 640)).seed(42L).build();
  }

  private PlannedCall planned() {
    return provider.plan(request(), "tiny").calls().get(0);
  }

  private static VendorJob job(String id) {
    return new VendorJob(new Target("acme", "tiny"), id, Map.of(JobProvider.SEED, "42"));
  }

  /** Scripts the next status answer of job-1; single quotes stand for double quotes. */
  private void status(String body) {
    http.answer("GET", JOB, 200, q(body));
  }

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static JobStatus.Running running(String... lines) {
    return new JobStatus.Running(List.of(lines));
  }

  private static JobStatus.Succeeded succeeded(JobStatus s) {
    return assertInstanceOf(JobStatus.Succeeded.class, s);
  }

  private static GenerationException failedWith(JobStatus s) {
    return assertInstanceOf(JobStatus.Failed.class, s).error();
  }

  private static RetryableProviderException retryable(Throwable e) {
    return assertInstanceOf(RetryableProviderException.class, e);
  }

  private static <T> T done(CompletableFuture<T> f) {
    assertTrue(f.isDone(), "everything here completes at once");
    return f.join();
  }

  private static Throwable failure(CompletableFuture<?> f) {
    assertTrue(f.isDone(), "everything here completes at once");
    return assertThrows(CompletionException.class, f::join).getCause();
  }

  private static byte[] png(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
