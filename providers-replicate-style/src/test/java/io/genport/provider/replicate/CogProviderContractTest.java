package io.genport.provider.replicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.GeneratedImage;
import io.genport.core.domain.GenerationException;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.JobStatus;
import io.genport.core.port.PlannedCall;
import io.genport.core.port.VendorJob;
import io.genport.simulators.Fault;
import io.genport.simulators.RecordedRequest;
import io.genport.spi.http.HttpRequest;
import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderDriver;
import io.genport.spitck.ProviderHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider contract for Cog on {@code cog:generic}. Cog lacks cancel, queue status and image
 * flags ({@link CogHarness#supports}), and it takes no credential at all, which the contract kit
 * has no capability for: its four credential tests need a credential to refuse, to miss or to keep.
 * They are overridden here with what holds for a vendor without one: it needs none, runs whatever
 * credentials the host holds, and sends none of them, anywhere.
 */
class CogProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new CogHarness();
  }

  /** There is no credential to get wrong: with other vendors' credentials only, a call runs. */
  @Test
  @Override
  public void wrongCredentialIsNotRetryable() {
    assertTrue(harness.credentials().isEmpty(), "cog takes no credential");
    JobStatus.Succeeded done = driver.succeed(onlyCall(plan(baseRequest().build())));

    assertEquals(1, done.images().size());
    assertNoCredentialSent();
  }

  /** There is no credential to miss: a host with no credentials at all runs a call. */
  @Test
  @Override
  public void missingCredentialIsNotRetryable() {
    ImageProvider none = createProvider(Map.of());

    JobStatus.Succeeded done =
        new ProviderDriver(none)
            .succeed(onlyCall(none.plan(baseRequest().build(), harness.model())));

    assertEquals(1, done.images().size());
    assertNoCredentialSent();
  }

  /** No request carries a credential: neither an {@code Authorization} header nor a decoy. */
  @Test
  @Override
  public void credentialGoesOnlyToTheProvidersOwnHosts() {
    CallPlan plan = plan(baseRequest().count(2).build());
    for (PlannedCall c : plan.calls()) {
      for (GeneratedImage img : driver.succeed(c).images()) {
        assertEquals(c.expectedSize(), img.size());
      }
    }

    assertFalse(harness.journal().all().isEmpty());
    assertNoCredentialSent();
  }

  /** No credential of another vendor shows in any {@code toString()} or failure message. */
  @Test
  @Override
  public void noSecretAppearsInToStringOrMessages() {
    List<String> shown = new ArrayList<>();
    shown.add(harness.config().toString());
    shown.add(String.valueOf(provider));
    shown.add(String.valueOf(provider.describe(harness.model())));
    CallPlan plan = plan(baseRequest().build());
    shown.add(plan.toString());
    VendorJob job = driver.start(onlyCall(plan));
    shown.add(job.toString());
    shown.add(driver.poll(job).toString());
    shown.add(transport.toString());
    shown.add(String.valueOf(submitFailure(harness.errorResponse(422))));
    GenerationException reset = submitFailure(Fault.resetAfterBody());
    for (Throwable t = reset; t != null; t = t.getCause()) {
      shown.add(String.valueOf(t));
    }

    for (String text : shown) {
      for (String decoy : decoys().values()) {
        assertFalse(text.contains(decoy), () -> "a credential shows: " + text);
      }
    }
  }

  private void assertNoCredentialSent() {
    assertFalse(decoys().isEmpty(), "other vendors' credentials were on offer");
    assertTrue(transport.count() > 0);
    for (HttpRequest r : transport.sent()) {
      assertFalse(r.headers().containsKey("Authorization"), () -> "a credential header: " + r);
    }
    for (RecordedRequest r : harness.journal().all()) {
      assertTrue(r.header("Authorization").isEmpty(), () -> "a credential header: " + r);
      for (String decoy : decoys().values()) {
        assertFalse(harness.carriesCredential(r, decoy), () -> "a credential was sent: " + r);
      }
    }
  }
}
