package io.genport.spitck;

import static java.util.Objects.requireNonNull;

import io.genport.simulators.FaultInjector;
import io.genport.simulators.RequestJournal;
import io.genport.simulators.SimulatorServer;
import io.genport.spi.ProviderConfig;
import io.genport.spi.http.HttpTransport;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ProviderHarness} over a started simulator from {@code genport-simulators} and the
 * transport the provider module ships with: the plumbing every such harness shares. It serves the
 * simulator's journal and fault rules, answers {@link #supports} from the capabilities it was told
 * are missing, checks for leaks by polling {@link #leakedNow()} for a while, and closes the
 * transport and then the simulator.
 *
 * <p>A subclass states the vendor facts: factory, configuration (usually through {@link
 * #simulatorConfig}), credentials, model, endpoints, vendor hosts, error bodies and, where the
 * vendor can cancel, {@link #cancelRecorded}.
 *
 * <pre>{@code
 * final class AcmeHarness extends SimulatorHarness<AcmeSimulator, HttpClient5Transport> {
 *   AcmeHarness() {
 *     super(AcmeSimulator.builder().apiKey(KEY).start(), new HttpClient5Transport(), Set.of());
 *   }
 *   ...
 * }
 * }</pre>
 *
 * @param <S> the vendor simulator
 * @param <T> the transport, which the harness closes
 * @since 1
 */
public abstract class SimulatorHarness<
        S extends SimulatorServer, T extends HttpTransport & AutoCloseable>
    implements ProviderHarness {

  /**
   * What a synchronous protocol lacks: the call answers with the images, so there is no job to poll
   * or cancel.
   */
  protected static final Set<ProviderCapability> SYNCHRONOUS =
      Set.of(ProviderCapability.QUEUE_STATUS, ProviderCapability.CANCEL);

  private final S simulator;
  private final T transport;
  private final Set<ProviderCapability> lacks;

  /**
   * @param simulator the started simulator, closed by {@link #close()}
   * @param transport the transport the provider gets, closed by {@link #close()}
   * @param lacks what the provider and the model cannot do; everything else is supported
   */
  protected SimulatorHarness(S simulator, T transport, Set<ProviderCapability> lacks) {
    this.simulator = requireNonNull(simulator, "simulator is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.lacks = Set.copyOf(lacks);
  }

  /** The simulator, for a module's own tests to configure and inspect. */
  public final S simulator() {
    return simulator;
  }

  @Override
  public T transport() {
    return transport;
  }

  @Override
  public RequestJournal journal() {
    return simulator.requests();
  }

  @Override
  public FaultInjector faults() {
    return simulator.faults();
  }

  /** Whether {@code capability} is not among those the harness was built lacking. */
  @Override
  public boolean supports(ProviderCapability capability) {
    return !lacks.contains(capability);
  }

  /**
   * Throws: the default fits a vendor without a cancel, whose harness lacks {@link
   * ProviderCapability#CANCEL} (the contract tests ask only when it is supported).
   */
  @Override
  public boolean cancelRecorded(String vendorJobId) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " records no cancellation: override cancelRecorded");
  }

  /**
   * What the transport still holds that a finished test should have released (leased connections,
   * say), or empty when nothing. The default sees nothing; override it for a transport that can
   * tell.
   */
  protected Optional<String> leakedNow() {
    return Optional.empty();
  }

  /** How long {@link #verifyNoLeaks()} lets released resources settle; 5 s unless overridden. */
  protected Duration leakGrace() {
    return Duration.ofSeconds(5);
  }

  /**
   * Polls {@link #leakedNow()} until it is empty or {@link #leakGrace()} has passed, then fails
   * with what is still held. A transport returns a connection to its pool asynchronously after the
   * response is closed, so an immediate check would fail runs that leaked nothing.
   */
  @Override
  public void verifyNoLeaks() {
    long deadline = System.nanoTime() + leakGrace().toNanos();
    Optional<String> leaked = leakedNow();
    while (leaked.isPresent() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      leaked = leakedNow();
    }
    if (leaked.isPresent()) {
      throw new AssertionError("the transport leaked connections: " + leaked.get());
    }
  }

  /** Closes the transport, then the simulator (also when the transport fails to close). */
  @Override
  public void close() {
    try {
      transport.close();
    } catch (Exception e) {
      throw e instanceof RuntimeException unchecked
          ? unchecked
          : new IllegalStateException("the transport did not close cleanly: " + e, e);
    } finally {
      simulator.close();
    }
  }

  /**
   * The configuration that points a provider at a simulator: {@code base-url}, then {@code
   * download-allow} with the host of {@code downloads} unless it is {@code null} (the simulators
   * serve plain http on loopback, which a provider downloads from only when allowed explicitly),
   * then {@code more} as key, value, key, value...
   */
  protected static ProviderConfig simulatorConfig(URI baseUrl, URI downloads, String... more) {
    if (more.length % 2 != 0) {
      throw new IllegalArgumentException("more must be key, value pairs");
    }
    Map<String, String> c = new LinkedHashMap<>();
    c.put("base-url", baseUrl.toString());
    if (downloads != null) {
      c.put("download-allow", downloads.getHost());
    }
    for (int i = 0; i < more.length; i += 2) {
      c.put(more[i], more[i + 1]);
    }
    return new ProviderConfig(c);
  }

  /** Both sets of missing capabilities in one. */
  protected static Set<ProviderCapability> union(
      Set<ProviderCapability> some, Set<ProviderCapability> others) {
    EnumSet<ProviderCapability> all = EnumSet.noneOf(ProviderCapability.class);
    all.addAll(some);
    all.addAll(others);
    return all;
  }
}
