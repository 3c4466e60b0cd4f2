package io.genport.archfixtures.compliant.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.genport.archfixtures.compliant.core.application.GenerationService;
import io.genport.archfixtures.compliant.core.port.ImageGenerator;
import io.genport.archfixtures.compliant.spi.ProviderFactory;
import io.genport.archfixtures.compliant.spi.http.HttpTransport;
import io.genport.archfixtures.compliant.transport.httpclient5.HttpClient5Transport;
import java.util.List;

/** Bootstrap: sees everything except HttpClient itself, and is the one place Guice appears. */
public final class GenportModule extends AbstractModule {
  @Provides
  GenerationService service(List<ProviderFactory> factories, HttpClient5Transport transport) {
    HttpTransport port = transport;
    List<ImageGenerator> generators = factories.stream().map(f -> f.create(null, port)).toList();
    return new GenerationService(generators);
  }
}
