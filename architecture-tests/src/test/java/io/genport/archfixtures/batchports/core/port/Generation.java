package io.genport.archfixtures.batchports.core.port;

/** The port a batch engine drives. */
public interface Generation {
  String submit(String prompt);
}
