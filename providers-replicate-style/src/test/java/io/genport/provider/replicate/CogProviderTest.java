package io.genport.provider.replicate;

import static io.genport.provider.replicate.TestSupport.await;
import static io.genport.provider.replicate.TestSupport.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.core.domain.ContentRejectedException;
import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.ImageFormat;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.RetryableProviderException;
import io.genport.core.domain.Size;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Fault;
import io.genport.simulators.Json;
import io.genport.simulators.RecordedRequest;
import io.genport.simulators.SimResponse;
import io.genport.simulators.replicate.CogSimulator;
import io.genport.simulators.replicate.ModelRules;
import io.genport.spi.ProviderConfig;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CogProviderTest {
  private CogSimulator cog;
  private HttpClient5Transport http;

  @BeforeEach
  void start() {
    cog = CogSimulator.builder().start();
    http = new HttpClient5Transport();
  }

  @AfterEach
  void stop() {
    cog.close();
    http.close();
  }

  private ImageProvider provider(CogSimulator server, String... extra) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("base-url", server.baseUri().toString());
    for (int i = 0; i + 1 < extra.length; i += 2) {
      c.put(extra[i], extra[i + 1]);
    }
    return new CogProviderFactory()
        .create(new ProviderConfig(c), TestSupport.context(http, Map.of()));
  }

  private static PlannedCall only(CallPlan plan) {
    assertEquals(1, plan.calls().size());
    return plan.calls().get(0);
  }

  @Test
  void aCatalogModelRunsEndToEndInOneSynchronousRequest() {
    ImageProvider p = provider(cog);
    PlannedCall call =
        only(
            p.plan(
                GenerationRequest.builder("a lighthouse")
                    .seed(9L)
                    .count(3)
                    .size(Size.aspect(3, 2))
                    .format(ImageFormat.PNG)
                    .build(),
                "flux-schnell"));
    assertEquals(cog.baseUri() + "/predictions", call.call().uri().toString());
    assertNull(call.call().credentialHeader(), "cog has no authentication");
    JsonNode body = Json.parse(call.call().body());
    assertEquals(3, body.at("/input/num_outputs").asInt());
    assertEquals("3:2", body.at("/input/aspect_ratio").asText());

    VendorJob job = await(p.start(call));
    JobStatus.Succeeded done = assertInstanceOf(JobStatus.Succeeded.class, job.finished());
    assertEquals(3, done.images().size());
    for (GeneratedImage img : done.images()) {
      assertEquals("image/png", img.mediaType());
      assertEquals(1216, img.width());
      assertEquals(832, img.height());
      assertEquals(9L, img.seed());
    }
    assertNotNull(job.attribute("predict_time"));
    assertEquals(done, await(p.poll(job)));
    assertEquals(1, cog.requests().size());
    RecordedRequest sent = cog.requests().all().get(0);
    assertTrue(sent.header("Authorization").isEmpty());
    assertEquals(9, cog.generations().get(0).seed());
  }

  @Test
  void genericTargetsAndUploadedOrSingleOutputs() {
    try (CogSimulator up =
        CogSimulator.builder()
            .uploadOutputs(true)
            .rules(ModelRules.flux().toBuilder().singleOutput().build())
            .start()) {
      ImageProvider p = provider(up, "download-allow", up.baseUri().getHost());
      VendorJob job =
          await(p.start(only(p.plan(GenerationRequest.builder("p").build(), "generic"))));
      JobStatus.Succeeded done = (JobStatus.Succeeded) job.finished();
      assertEquals(1, done.images().size());
      assertEquals(1, up.requests().count(CogSimulator.UPLOAD));

      // A refused download is permanent, so it is the job's outcome, not a failed start.
      ImageProvider strict = provider(up);
      VendorJob refusedJob =
          await(strict.start(only(strict.plan(GenerationRequest.builder("p").build(), "generic"))));
      GenerationException refused =
          assertInstanceOf(JobStatus.Failed.class, refusedJob.finished()).error();
      assertInstanceOf(NonRetryableProviderException.class, refused);
      assertTrue(refused.getMessage().contains("refusing to download"), refused.getMessage());
    }
  }

  @Test
  void failuresAreClassified() {
    ImageProvider p = provider(cog);
    VendorJob nsfw =
        await(p.start(only(p.plan(GenerationRequest.builder("x [nsfw]").build(), "flux-dev"))));
    assertInstanceOf(ContentRejectedException.class, ((JobStatus.Failed) nsfw.finished()).error());
    VendorJob broken =
        await(p.start(only(p.plan(GenerationRequest.builder("x [fail]").build(), "flux-dev"))));
    assertInstanceOf(
        NonRetryableProviderException.class, ((JobStatus.Failed) broken.finished()).error());
  }

  @Test
  void validationBusyAndSetupAnswers() {
    ImageProvider p = provider(cog);
    cog.faults()
        .on(CogSimulator.PREDICT)
        .inject(
            Fault.respond(
                SimResponse.json(
                    422,
                    Json.parse(
                        "{\"detail\":[{\"loc\":[\"body\",\"input\",\"prompt\"],"
                            + "\"msg\":\"Field required\",\"type\":\"missing\"}]}"))));
    GenerationException e =
        failure(p.start(only(p.plan(GenerationRequest.builder("p").build(), "generic"))));
    assertEquals(422, ((NonRetryableProviderException) e).httpStatus());
    assertTrue(e.getMessage().contains("body.input.prompt: Field required"), e.getMessage());

    cog.faults()
        .on(CogSimulator.PREDICT)
        .inject(
            Fault.status(409)
                .withJsonBody(
                    Map.of(
                        "error", "At capacity - all prediction slots busy", "status", "failed")));
    GenerationException busy =
        failure(p.start(only(p.plan(GenerationRequest.builder("p").build(), "generic"))));
    assertInstanceOf(RetryableProviderException.class, busy);
    assertTrue(busy.getMessage().contains("At capacity"), busy.getMessage());

    cog.faults().on(CogSimulator.PREDICT).inject(Fault.status(503));
    assertInstanceOf(
        RetryableProviderException.class,
        failure(p.start(only(p.plan(GenerationRequest.builder("p").build(), "generic")))));

    cog.faults().on(CogSimulator.PREDICT).inject(Fault.resetBeforeBody());
    RetryableProviderException reset =
        assertInstanceOf(
            RetryableProviderException.class,
            failure(p.start(only(p.plan(GenerationRequest.builder("p").build(), "generic")))));
    assertFalse(reset.getMessage().isBlank());
  }

  @Test
  void configurationAndTargetsAreChecked() {
    InvalidRequestException noBase =
        assertThrows(
            InvalidRequestException.class,
            () ->
                new CogProviderFactory()
                    .create(ProviderConfig.empty(), TestSupport.context(http, Map.of())));
    assertEquals("base-url", noBase.field());
    assertTrue(noBase.getMessage().contains("GENPORT_COG_BASE_URL"));
    ImageProvider p = provider(cog);
    InvalidRequestException unknown =
        assertThrows(InvalidRequestException.class, () -> p.describe("someone/model"));
    assertTrue(unknown.getMessage().contains("generic"), unknown.getMessage());
    assertEquals(p.describe("flux-schnell"), p.describe("black-forest-labs/flux-schnell"));
    assertTrue(p.models().contains("generic"));
    p.models().forEach(p::describe);
    VendorJob job = await(p.start(only(p.plan(GenerationRequest.builder("p").build(), "generic"))));
    assertInstanceOf(UnsupportedCapabilityException.class, failure(p.cancel(job)));
    assertEquals(List.of(), cog.requests().matching(CogSimulator.CANCEL));
  }
}
