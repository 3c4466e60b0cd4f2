package io.genport.bootstrap.batch;

import io.genport.core.domain.GeneratedImage;
import java.io.IOException;

/** Where the images of a batch go: a directory, an object store. Thread-safe. */
public interface ImageStore {

  /**
   * Stores one image of a line under a name made of the line's id and the image's position, so that
   * a line finished again after an interrupted run replaces, rather than duplicates, what that run
   * left.
   *
   * @param id the line's id (letters, digits, {@code .}, {@code _}, {@code -})
   * @param index the image's position in the result, from 1
   * @return where the image is, as results should name it (a path, a URI)
   * @throws IOException when it cannot be fetched or written
   */
  String store(String id, int index, GeneratedImage image) throws IOException;
}
