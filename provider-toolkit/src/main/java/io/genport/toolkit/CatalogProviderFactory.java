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
 * #catalogResource()}; either way the constructor does no work beyond that, as {@link
 * ProviderFactory} requires.
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
   * The catalog resource, a class-loader path such as {@code io/genport/provider/fal/fal.json},
   * read with this factory's class loader.
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

  @Override
  public int requiredSpiVersion() {
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
            context.transport(), DownloadPolicy.allowing(config.get("download-allow", null)));
    // Shared by every provider: how many job status streams may be open at once (0: poll only).
    int eventStreams =
        setup.integer("event-streams", JobProvider.DEFAULT_EVENT_STREAMS, 0, 100_000);
    return new JobProvider(
        name(), protocol, client, downloader, context.random(), models(setup), eventStreams);
  }
}
