package io.genport.toolkit;

import io.genport.core.port.ImageProvider;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import io.genport.spi.ProviderFactory;
import io.genport.spi.Spi;
import io.genport.spi.catalog.ModelCatalog;
import io.genport.spi.download.DownloadPolicy;
import io.genport.spi.download.ResultDownloader;
import java.util.Set;

/**
 * The base of a catalog-backed HTTP provider's factory: a subclass names its provider, its
 * credential and its catalog, and builds its {@link JobProtocol}; this class does the rest (the
 * catalog merged with configured models, the download policy from {@code download-allow}, the
 * vendor client and the engine). Subclasses keep the public no-argument constructor that does
 * nothing, as {@link ProviderFactory} requires.
 */
public abstract class CatalogProviderFactory implements ProviderFactory {

  /** The provider's name as messages show it, e.g. {@code Each Labs}; the name by default. */
  protected String vendorName() {
    return name();
  }

  /** How the vendor takes its credential. */
  protected abstract CredentialScheme credential();

  /**
   * The catalog resource, a class-loader path such as {@code io/genport/provider/fal/fal.json},
   * read with this factory's class loader.
   */
  protected abstract String catalogResource();

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
    return new JobProvider(name(), protocol, client, downloader, context.random());
  }
}
