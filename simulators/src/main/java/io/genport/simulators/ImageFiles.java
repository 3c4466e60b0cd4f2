package io.genport.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The result images a simulator has handed out URLs for. An image is kept as what it is rendered
 * from, not as bytes, and rendered again (from {@link ImageRenderer}'s cache) on each download.
 * Files may expire a time-to-live after they were stored, by the simulator's clock. Thread-safe.
 */
public final class ImageFiles {
  /**
   * What a stored image is rendered from.
   *
   * @param prompt the prompt it shows
   * @param seed its seed
   * @param width its width in pixels
   * @param height its height in pixels
   * @param format its encoding
   * @param black whether it is blacked out (a safety checker's answer) instead of drawn
   */
  public record Image(
      String prompt, long seed, int width, int height, ImageFormat format, boolean black) {
    public Image {
      Objects.requireNonNull(format, "format");
    }

    /** The encoded image. */
    public byte[] render() {
      ImageRenderer renderer = ImageRenderer.shared();
      return black
          ? renderer.renderBlack(width, height, format)
          : renderer.render(prompt, seed, width, height, format);
    }
  }

  private record Stored(Image image, Instant storedAt) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Stored> files = new ConcurrentHashMap<>();

  /**
   * @param clock the simulator's clock, which the time-to-live is measured by
   * @param ttl how long a file can be downloaded; {@code null} for ever
   */
  public ImageFiles(Clock clock, Duration ttl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = ttl;
  }

  /** Stores {@code image} under {@code key}, for {@link #download(String)}. */
  public void put(String key, Image image) {
    files.put(key, new Stored(Objects.requireNonNull(image, "image"), clock.instant()));
  }

  /**
   * Stores {@code image} as the file {@code <id>.<extension of its format>}, for {@link
   * #downloadFile(String)}, and returns that file name.
   */
  public String putFile(String id, Image image) {
    put(id, image);
    return id + "." + image.format().extension();
  }

  /** The 200 answer with the image stored under {@code key}; empty when none is (any longer). */
  public Optional<SimResponse> download(String key) {
    return Optional.ofNullable(files.get(key)).flatMap(this::answer);
  }

  /**
   * The 200 answer with the file {@code fileName} stored by {@link #putFile}; empty when there is
   * no such file: an unknown id, another extension than the image's, or an expired one.
   */
  public Optional<SimResponse> downloadFile(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String extension = fileName.substring(dot + 1);
    return Optional.ofNullable(files.get(fileName.substring(0, dot)))
        .filter(f -> f.image().format().extension().equals(extension))
        .flatMap(this::answer);
  }

  /** Forgets every file. */
  public void clear() {
    files.clear();
  }

  private Optional<SimResponse> answer(Stored f) {
    if (ttl != null && !clock.instant().isBefore(f.storedAt().plus(ttl))) {
      return Optional.empty();
    }
    Image image = f.image();
    return Optional.of(SimResponse.bytes(200, image.format().contentType(), image.render()));
  }
}
