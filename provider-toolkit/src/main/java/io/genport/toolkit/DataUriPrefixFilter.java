package io.genport.toolkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The bytes of a JSON answer with the {@code data:<media type>;base64,} prefix removed from the
 * start of every string value that has one, so that Jackson's {@code readBinaryValue} (which takes
 * base64 only) can decode a {@code data:} URI image from its parser's buffer, chunk by chunk,
 * without the string ever being built. It sits under the parser and tracks the JSON structure byte
 * by byte (strings, escapes, whether a string is a key or a value), so text inside other strings
 * and object keys are never touched.
 *
 * <p>The prefix is matched strictly: {@code data:} in any case, then at most {@link #MAX_HEADER}
 * bytes of media type and parameters (token characters, {@code /} written as is or as {@code \/})
 * ending with {@code ;base64,}. Each string that starts with {@code data:} is remembered by the
 * offset of its opening quote in the filtered stream (the parser's byte offset of the token), with
 * its prefix and whether it was removed, so a reader can tell a data URI, restore its text, or
 * refuse one that is not base64 ({@link #prefixAt}). Also caps what is read from the socket at
 * {@code limit} bytes. Not thread-safe: one parser reads it.
 */
final class DataUriPrefixFilter extends InputStream {
  /** The longest {@code data:...;base64,} prefix removed; longer ones are left as they are. */
  static final int MAX_HEADER = 256;

  /** A {@code data:} prefix at the start of a string value. */
  record Prefix(String header, boolean removed) {
    /** The media type as written, e.g. {@code image/png}; empty when none is given. */
    String mediaType() {
      int semicolon = header.indexOf(';');
      return header.substring("data:".length(), semicolon < 0 ? header.length() : semicolon);
    }
  }

  private enum State {
    OUTSIDE,
    STRING,
    ESCAPE,
    PREFIX
  }

  private final InputStream in;
  private final long limit;
  private final byte[] input = new byte[8192];
  private byte[] output = new byte[8192 + MAX_HEADER + 16];
  private int outStart;
  private int outEnd;
  private long read;
  private long emitted;
  private boolean eof;

  private State state = State.OUTSIDE;

  /** Which open containers are arrays (bit set) rather than objects, by depth. */
  private final BitSet arrays = new BitSet();

  private int depth;
  private byte lastStructural;

  /** The bytes after a value string's opening quote while its prefix is not decided yet. */
  private final byte[] pending = new byte[MAX_HEADER + 8];

  private int pendingLength;
  private long quoteOffset;
  private final TreeMap<Long, Prefix> prefixes = new TreeMap<>();

  private final boolean removePrefixes;

  /**
   * @param limit the most bytes read from {@code in}; past it a read fails
   * @param removePrefixes whether to remove prefixes; without, it only caps the bytes
   */
  DataUriPrefixFilter(InputStream in, long limit, boolean removePrefixes) {
    this.in = in;
    this.limit = limit;
    this.removePrefixes = removePrefixes;
  }

  /**
   * The {@code data:} prefix of the string whose opening quote is at {@code offset} of this stream,
   * or {@code null} when it has none. Forgets the prefixes of strings before it: a parser reads
   * forward only.
   */
  Prefix prefixAt(long offset) {
    prefixes.headMap(offset).clear();
    return prefixes.get(offset);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (outStart == outEnd) {
      if (eof) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, outEnd - outStart);
    System.arraycopy(output, outStart, b, off, n);
    outStart += n;
    if (outStart == outEnd) {
      outStart = 0;
      outEnd = 0;
    }
    return n;
  }

  private void fill() throws IOException {
    int n = in.read(input, 0, input.length);
    if (n < 0) {
      eof = true;
      if (state == State.PREFIX) {
        // The answer ended inside the string: hand over what there is, the parser reports it.
        undecided(false);
      }
      return;
    }
    read += n;
    if (read > limit) {
      throw new IOException("response body is larger than " + limit + " bytes");
    }
    for (int i = 0; i < n; i++) {
      accept(input[i]);
    }
  }

  private void emit(byte b) {
    if (outEnd == output.length) {
      output = Arrays.copyOf(output, output.length * 2);
    }
    output[outEnd++] = b;
    emitted++;
  }

  private void accept(byte b) {
    switch (state) {
      case OUTSIDE -> outside(b);
      case STRING -> {
        if (b == '\\') {
          state = State.ESCAPE;
        } else if (b == '"') {
          state = State.OUTSIDE;
          lastStructural = '"';
        }
        emit(b);
      }
      case ESCAPE -> {
        state = State.STRING;
        emit(b);
      }
      case PREFIX -> prefix(b);
    }
  }

  private void outside(byte b) {
    switch (b) {
      case '"' -> {
        boolean value =
            lastStructural == ':'
                || lastStructural == '['
                || lastStructural == 0
                || (lastStructural == ',' && depth > 0 && arrays.get(depth - 1));
        quoteOffset = emitted;
        emit(b);
        if (value && removePrefixes) {
          state = State.PREFIX;
          pendingLength = 0;
        } else {
          state = State.STRING;
        }
        return;
      }
      case '{', '[' -> {
        arrays.set(depth, b == '[');
        depth++;
        lastStructural = b;
      }
      case '}', ']' -> {
        depth = Math.max(0, depth - 1);
        lastStructural = b;
      }
      case ':', ',' -> lastStructural = b;
      default -> {
        // whitespace and the bytes of numbers and literals
      }
    }
    emit(b);
  }

  /** One more byte of a value string's start, while it may still be a data URI's prefix. */
  private void prefix(byte b) {
    pending[pendingLength++] = b;
    int i = pendingLength - 1;
    if (i < 5) {
      if (Character.toLowerCase((char) (b & 0xff)) != "data:".charAt(i)) {
        undecided(false);
      }
      return;
    }
    if (pending[i - 1] == '\\' && !escapedAt(i - 1)) {
      // Only "\/" may appear in a media type; any other escape is not a prefix we read.
      if (b != '/') {
        undecided(true);
      }
      return;
    }
    if (b == ',') {
      String header = header();
      if (header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        prefixes.put(quoteOffset, new Prefix(header, true));
        pendingLength = 0;
        state = State.STRING;
      } else {
        undecided(true);
      }
      return;
    }
    if (!headerByte(b) || pendingLength >= MAX_HEADER) {
      undecided(true);
    }
  }

  /** Whether the backslash at {@code i} of the pending bytes is itself escaped. */
  private boolean escapedAt(int i) {
    int backslashes = 0;
    for (int j = i - 1; j >= 5 && pending[j] == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** The pending header before its comma, with {@code \/} read as {@code /}. */
  private String header() {
    StringBuilder s = new StringBuilder(pendingLength);
    for (int i = 0; i < pendingLength - 1; i++) {
      char c = (char) (pending[i] & 0xff);
      if (c == '\\' && i + 1 < pendingLength - 1 && pending[i + 1] == '/') {
        continue;
      }
      s.append(c);
    }
    return s.toString();
  }

  private static boolean headerByte(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "!#$&^_.+-=;/\\".indexOf(b) >= 0;
  }

  /**
   * The string's start is not a removable prefix: its bytes go through unchanged (read again as
   * string bytes, for escapes and the closing quote), and a string that starts with {@code data:}
   * is remembered as a data URI left whole.
   */
  private void undecided(boolean dataUri) {
    if (dataUri) {
      prefixes.put(quoteOffset, new Prefix(header(), false));
    }
    state = State.STRING;
    // A copy: a string that closes among these bytes may be followed by one that fills pending.
    byte[] bytes = Arrays.copyOf(pending, pendingLength);
    pendingLength = 0;
    for (byte b : bytes) {
      accept(b);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
