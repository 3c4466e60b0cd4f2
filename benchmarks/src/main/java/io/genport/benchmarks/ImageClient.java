package io.genport.benchmarks;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One way to get an image from the loopback vendor: GenPort, or a hand-written HttpClient 5 client.
 * Each call makes one generation and writes its one image to {@code out}; implementations are
 * thread-safe.
 */
interface ImageClient extends AutoCloseable {

  /** The column label, e.g. {@code genport}. */
  String name();

  /** Generates one image and writes it to {@code out}; returns its size in bytes. */
  long generate(OutputStream out) throws IOException;

  @Override
  void close();
}
