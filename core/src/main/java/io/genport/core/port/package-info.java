/**
 * The ports of the hexagon: the inbound {@link io.genport.core.port.ImageGeneration} use case that
 * applications call, and the outbound {@link io.genport.core.port.ImageProvider} that each vendor
 * plugin implements.
 */
package io.genport.core.port;
