package io.genport.bootstrap.batch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Where the lines of a batch come from: a file, a list, one partition of a larger input. */
public interface LineSource {

  /**
   * The lines in order, each with a number that stays the same every time the input is read. The
   * caller closes the stream.
   */
  Stream<SourceLine> lines() throws IOException;

  /** How many lines that are not blank, when known (for progress), else empty. */
  default OptionalLong size() {
    return OptionalLong.empty();
  }

  /** The lines of a list, numbered from 1. */
  static LineSource of(List<String> lines) {
    List<SourceLine> numbered = new ArrayList<>();
    for (String s : requireNonNull(lines, "lines is null")) {
      numbered.add(new SourceLine(numbered.size() + 1, s));
    }
    List<SourceLine> copy = List.copyOf(numbered);
    long size = copy.stream().filter(l -> !l.blank()).count();
    return new LineSource() {
      @Override
      public Stream<SourceLine> lines() {
        return copy.stream();
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(size);
      }
    };
  }
}
