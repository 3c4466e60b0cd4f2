/**
 * The plugin contract. A provider plugin is a jar that implements {@link
 * io.genport.spi.ProviderFactory} and registers it in {@code
 * META-INF/services/io.genport.spi.ProviderFactory}; the host discovers it with {@link
 * io.genport.spi.ProviderLoader} and gives it host services through {@link
 * io.genport.spi.ProviderContext}. Plugins speak the core's domain ({@code io.genport.core.domain})
 * and implement its outbound port ({@link io.genport.core.port.ImageProvider}); they never see the
 * core's application services.
 */
package io.genport.spi;
