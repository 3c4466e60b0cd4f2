package io.genport.archfixtures.httpclientplacement.simulators;

import org.apache.hc.core5.http.ContentType;

/**
 * Invalid: HttpCore (org.apache.hc) outside the transport. (A compile-time constant such as {@code
 * HttpStatus.SC_OK} would not do: javac inlines it and leaves no dependency in the bytecode.)
 */
public final class SimulatorUsingHttpCore {
  public String json() {
    return ContentType.APPLICATION_JSON.getMimeType();
  }
}
