package io.genport.toolkit;

import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.ResultDownloader;
import java.util.List;
import java.util.Set;

/**
 * The base of a catalog-backed HTTP provider's factory: a subclass names its provider, its
 * credential and its catalog, and builds its {@link JobProtocol}; this class does the rest (the
 * catalog merged with configured models, the download policy from {@code download-allow}, the
 * vendor client and the engine). A subclass either passes a {@link VendorIdentity} from its public
 * no-argument constructor, or overrides {@link #name()}, {@link #credential()} and {@link
 * #catalogResource()}; either way the constructor does no work beyond that (and checking that the
 * catalog resource exists), as {@link ProviderFactory} requires.
 *
 * <p>A factory whose catalog resource is missing fails when it is loaded (a plugin discovery
 * reports it and skips it), naming the path it looked for, rather than on its first request.
 */
public abstract class CatalogProviderFactory implements ProviderFactory {
  private final VendorIdentity identity;

  /** For subclasses that override the identity methods. */
  protected CatalogProviderFactory() {
    this.identity = null;
  }

  /** For subclasses that state who they are once. */
  protected CatalogProviderFactory(VendorIdentity identity) {
    this.identity = java.util.Objects.requireNonNull(identity, "identity is null");
    requireCatalog();
  }

  /**
   * Fails naming the resolved path when the catalog resource is missing, so that a packaging
   * mistake shows when the factory loads instead of on the first request.
   */
  private void requireCatalog() {
    String resource = catalogResource();
    if (!ModelCatalog.resourceExists(getClass(), resource)) {
      throw new IllegalStateException(
          getClass().getName()
              + ": catalog resource '"
              + resource
              + "' not found (looked for /"
              + ModelCatalog.resourcePath(getClass(), resource)
              + "; a name without a leading '/' is relative to the factory's package)");
    }
  }

  @Override
  public String name() {
    return identity().name();
  }

  @Override
  public String description() {
    return identity == null ? name() : identity.description();
  }

  /** The provider's name as messages show it, e.g. {@code Each Labs}; the name by default. */
  protected String vendorName() {
    return identity == null ? name() : identity.displayName();
  }

  /** How the vendor takes its credential. */
  protected CredentialScheme credential() {
    return identity().credential();
  }

  /**
   * The catalog resource as {@link Class#getResource} takes it from this factory's class: a name
   * next to the factory such as {@code fal-catalog.json}, or an absolute path with a leading {@code
   * /}.
   */
  protected String catalogResource() {
    return identity().catalogResource();
  }

  private VendorIdentity identity() {
    if (identity == null) {
      throw new IllegalStateException(
          getClass().getName() + " passes no VendorIdentity and must override this method");
    }
    return identity;
  }

  /**
   * Builds the protocol from the configuration.
   *
   * @throws io.genport.core.domain.InvalidRequestException naming the key of an invalid option
   */
  protected abstract JobProtocol protocol(ProviderSetup setup);

  /**
   * How requests are authenticated as they are sent. The default puts {@link #credential()} in its
   * header; a vendor whose scheme depends on the request itself (AWS Signature Version 4) returns
   * its own {@link RequestSigner}.
   *
   * @param setup what the protocol was built from
   * @param protocol the protocol built from it (a signer may share its configuration, such as a
   *     region)
   */
  protected RequestSigner signer(ProviderSetup setup, JobProtocol protocol) {
    return RequestSigner.header(credential(), setup.context().credentials(), setup.failures());
  }

  /**
   * The model ids the provider lists: the catalog's, without its generic entry. Override for a
   * provider whose generic entry is itself a target.
   */
  protected List<String> models(ProviderSetup setup) {
    return setup.lookup().ids();
  }

  /** The credential that {@link #credential()} names, if any. */
  @Override
  public Set<String> credentialNames() {
    CredentialScheme c = credential();
    return c.required() ? Set.of(c.name()) : Set.of();
  }

  /**
   * {@link Spi#SPI_VERSION}. The loader asks this right after construction, so a factory that
   * overrides {@link #catalogResource()} has its catalog checked here, when it loads.
   *
   * @throws IllegalStateException naming the path when the catalog resource is missing
   */
  @Override
  public int requiredSpiVersion() {
    if (identity == null) {
      requireCatalog();
    }
    return Spi.SPI_VERSION;
  }

  @Override
  public final ImageProvider create(ProviderConfig config, ProviderContext context) {
    ModelCatalog catalog =
        ModelCatalog.fromResource(getClass(), catalogResource()).withConfiguredModels(config);
    CredentialScheme credential = credential();
    VendorFailures failures = new VendorFailures(vendorName(), credential.name(), context.clock());
    ProviderSetup setup = new ProviderSetup(config, context, catalog, failures);
    JobProtocol protocol = protocol(setup);
    VendorClient client =
        new VendorClient(
            context.transport(),
            context.json(),
            signer(setup, protocol),
            protocol.hosts(),
            failures);
    ResultDownloader downloader =
        new ResultDownloader(
            context.transport(),
            DownloadPolicy.allowing(config.get(DownloadPolicy.CONFIG_KEY, null)),
            ProviderConfig.describe(name(), DownloadPolicy.CONFIG_KEY),
            context.imageStore());
    // Shared by every provider: how many job status streams may be open at once (0: poll only).
    int eventStreams =
        setup.integer("event-streams", JobProvider.DEFAULT_EVENT_STREAMS, 0, 100_000);
    return new JobProvider(
        name(),
        protocol,
        client,
        downloader,
        context.random(),
        models(setup),
        context.clock(),
        eventStreams);
  }
}
