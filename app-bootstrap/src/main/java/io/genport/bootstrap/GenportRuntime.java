package io.genport.bootstrap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.facade.ProviderRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * What the command line needs from the wired application, without exposing the injector: the
 * provider registry, the loader's problems, the shared JSON mapper and the output redaction.
 */
@Singleton
public final class GenportRuntime {
  private final ProviderRegistry providers;
  private final LoaderProblems problems;
  private final ObjectMapper json;
  private final RedactingCredentials credentials;
  private final FleetConnection fleet;

  @Inject
  GenportRuntime(
      ProviderRegistry providers,
      LoaderProblems problems,
      ObjectMapper json,
      RedactingCredentials credentials,
      FleetConnection fleet) {
    this.fleet = requireNonNull(fleet, "fleet is null");
    this.providers = requireNonNull(providers, "providers is null");
    this.problems = requireNonNull(problems, "problems is null");
    this.json = requireNonNull(json, "json is null");
    this.credentials = requireNonNull(credentials, "credentials is null");
  }

  /**
   * {@code text} with every credential value that a provider has looked up replaced by {@code
   * <redacted>}; the last step before anything is printed.
   */
  public String redact(String text) {
    return credentials.redact(text);
  }

  /** The discovered providers. */
  public ProviderRegistry providers() {
    return providers;
  }

  /** One line per provider plugin that was skipped during discovery. */
  public List<String> loaderProblems() {
    return problems.messages();
  }

  /** The fleet state the command's routers share; the command closes it when it ends. */
  public FleetConnection fleet() {
    return fleet;
  }

  /** The one shared JSON mapper; do not reconfigure it. */
  public ObjectMapper json() {
    return json;
  }
}
