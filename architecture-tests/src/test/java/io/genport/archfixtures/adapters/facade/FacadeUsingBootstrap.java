package io.genport.archfixtures.adapters.facade;

import io.genport.archfixtures.adapters.bootstrap.Cli;

// Invalid: the facade sits under the hosts.
public final class FacadeUsingBootstrap {
  public String name() {
    return Cli.name();
  }
}
