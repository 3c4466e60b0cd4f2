package io.genport.spi;

import io.genport.core.port.ImageProvider;
import java.util.Set;

/**
 * The entry point of a provider plugin, discovered with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations MUST have a public no-argument constructor that does no work (no I/O, no
 * threads, no catalog parsing): the host instantiates every factory on the class path just to read
 * its {@link #name()} and its declarations ({@link #credentialNames()}, {@link
 * #requiredConfigKeys()}). Expensive work belongs in {@link #create}. Implementations MUST be
 * thread-safe.
 *
 * @since 1
 */
public interface ProviderFactory {

  /**
   * The provider's stable name: lower-case, used as the prefix of targets ({@code fal} in {@code
   * fal:fal-ai/flux/dev}), in configuration keys and on the command line. Never changes between
   * releases.
   */
  String name();

  /**
   * The SPI version the plugin was compiled against. Implement it as {@code return
   * Spi.SPI_VERSION;} so the compiler records the value.
   */
  int requiredSpiVersion();

  /**
   * Creates a provider. Called once per host configuration; the instance is shared by all requests.
   *
   * @param config the provider's configuration (base URLs, options); never null
   * @param context host services: transport, clock, sleeper, credentials, JSON; never null
   * @return a thread-safe provider
   * @throws io.genport.core.domain.InvalidRequestException when the configuration is invalid; the
   *     message names the key
   */
  ImageProvider create(ProviderConfig config, ProviderContext context);

  /** A one-line human description, e.g. {@code fal.ai queue and sync APIs}. */
  default String description() {
    return name();
  }

  /**
   * The names of the credentials the provider looks up through {@link Credentials#lookup}, e.g.
   * {@code FAL_KEY}; empty (the default) for a provider that needs none. In the spirit of Trino's
   * {@code ConnectorFactory.getSecuritySensitivePropertyNames()}, this is a declaration the host
   * acts on without knowing anything about the vendor:
   *
   * <ul>
   *   <li><b>Configured.</b> The provider counts as set up for real use when at least one of these
   *       names resolves through the host's credentials (and every {@linkplain
   *       #requiredConfigKeys() required key} has a value). When none of a request's providers is
   *       configured, the command line may run against simulators instead, and its message names
   *       these credentials as what to set. "At least one" lets a provider declare alternatives and
   *       optional credentials; the provider itself still reports a missing one clearly when it is
   *       used.
   *   <li><b>Redaction.</b> The host scrubs the values of these credentials from everything it
   *       prints (command output, error lines, and any environment or configuration it shows), from
   *       the start, not only after the provider has looked them up.
   * </ul>
   *
   * <p>Contract: list every credential name the provider may look up, optional ones included; a
   * name looked up but not declared still works, but its value is scrubbed only once looked up and
   * it does not count towards "configured". Return names, never values. The result must be the same
   * on every call and cheap to compute (no I/O, no catalog parsing): the host calls it during
   * discovery, before {@link #create}, on factories it may never use. A factory whose result is
   * null or holds a null or blank name is reported and skipped by {@link ProviderLoader}.
   *
   * @return the credential names; the host copies the set
   * @since 1
   */
  default Set<String> credentialNames() {
    return Set.of();
  }

  /**
   * Where the provider would find a credential of its own when none of {@link #credentialNames()}
   * resolves through the host's credentials, described in words (for example "AWS profile 'dev' in
   * the shared credentials file"), or empty, the default. Cloud SDKs read credentials from sources
   * a host does not know by name: profile files, single sign-on caches, web identity token files,
   * container and instance roles. The host asks only to decide whether the provider is
   * <em>configured</em> (see {@link #credentialNames()}); a provider that answers here counts as
   * configured, and is then used for real rather than simulated.
   *
   * <p>Contract: it may read the environment and local files but must not use the network or wait
   * for it, and must return within a moment; like {@link #credentialNames()} it may be called on
   * factories that are never used, before {@link #create}. The description names a source, never a
   * value. A runtime exception counts as empty.
   *
   * @param config the provider's configuration, as {@link #create} would get it
   * @return a description of the source, or empty
   * @since 1
   */
  default java.util.Optional<String> ambientCredentials(ProviderConfig config) {
    return java.util.Optional.empty();
  }

  /**
   * The {@link ProviderConfig} keys that must have a non-blank value before the provider can do
   * real work, e.g. {@code base-url} for a self-hosted server that has no public default address;
   * empty (the default) when every key has a usable default.
   *
   * <p>This is how "configured" is expressed for a provider that needs no credential (or needs more
   * than one): the host treats the provider as configured only when every key listed here has a
   * value in the provider's configuration, and, if {@link #credentialNames()} is not empty, one of
   * those credentials resolves. Otherwise the command line may run against simulators, and its
   * message names the missing keys in the host's own form (such as the environment variable that
   * sets the key). A provider that declares neither credentials nor required keys is always
   * configured.
   *
   * <p>Contract: the same rules as {@link #credentialNames()} (constant, cheap, no null or blank
   * entry). The keys are non-secret configuration: credentials belong in {@link
   * #credentialNames()}, and hosts drop secret-looking keys ({@code key}, {@code token}, {@code
   * secret}, {@code password}) from configuration, so such a key could never be satisfied. The
   * provider must still validate its configuration in {@link #create}; this declaration only lets
   * the host decide without creating it.
   *
   * @return the required configuration keys; the host copies the set
   * @since 1
   */
  default Set<String> requiredConfigKeys() {
    return Set.of();
  }
}
