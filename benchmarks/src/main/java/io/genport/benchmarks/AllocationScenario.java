package io.genport.benchmarks;

import io.genport.spi.download.ImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Bytes allocated per delivered image, as a multiple of the image's size and in MiB, for each way a
 * vendor sends an image (a URL to download, a {@code data:} URI in fal's answer, bare base64 in
 * Bedrock's JSON), each destination and two image sizes. One caller, a large image, so the per-call
 * overhead is noise and copies of the image dominate.
 *
 * <p>Destinations: {@code memory} holds the image in memory (then discards it); {@code file} ends
 * with the image in a file. For {@code file}, the raw client writes the body it collected to the
 * file, and GenPort's provider writes the image into {@link ImageStore#directory} as it arrives,
 * after which the client moves the finished file to its name (a rename): what an application that
 * keeps images as files does. Measured at two sizes, so a cost that does not grow with the image
 * shows as a constant number of MiB.
 */
final class AllocationScenario implements Scenario {

  /** The larger image is this many times the configured one; 3 x 16 MiB stays under 50 MiB. */
  static final int LARGER = 3;

  @Override
  public String name() {
    return "allocation";
  }

  @Override
  public void run(HarnessSettings settings, Report report) throws Exception {
    int small = settings.largeImageBytes();
    Report.Table t =
        report.table(
            "Allocation per image, "
                + ThroughputScenario.kib(small)
                + " and "
                + ThroughputScenario.kib(small * LARGER)
                + " images",
            "image arrives as",
            "destination",
            "image",
            "raw x image",
            "genport x image",
            "raw MiB",
            "genport MiB",
            "genport ms/image");
    int calls = settings.smoke() ? 2 : 6;
    int warmup = settings.smoke() ? 1 : 3;
    Path file = settings.workDir().resolve("allocation-image.png");
    Path store = settings.workDir().resolve("allocation-store");
    try {
      for (int size : new int[] {small, small * LARGER}) {
        byte[] image = SyntheticPng.of(size, 1024, 1024);
        try (LoopbackVendor vendor = new LoopbackVendor(image)) {
          for (Protocol protocol :
              new Protocol[] {Protocol.SYNC, Protocol.DATA_URI, Protocol.BEDROCK}) {
            vendor.inline(
                protocol == Protocol.DATA_URI
                    ? LoopbackVendor.Inline.DATA_URI
                    : LoopbackVendor.Inline.URL);
            for (String destination : new String[] {"memory", "file"}) {
              boolean toFile = destination.equals("file");
              Supplier<OutputStream> rawSink =
                  toFile ? () -> open(file) : OutputStream::nullOutputStream;
              try (GenportClient genport =
                      toFile
                          ? new GenportClient(vendor, protocol, ImageStore.directory(store), file)
                          : new GenportClient(vendor, protocol);
                  RawClient raw = new RawClient(vendor, protocol, genport.plannedBody())) {
                LoadRun.Result r = LoadRun.run(raw, 1, warmup, calls, rawSink);
                // GenPort's file destination moves the received file; its sink stays unused.
                LoadRun.Result g =
                    LoadRun.run(genport, 1, warmup, calls, OutputStream::nullOutputStream);
                t.row(
                    protocol == Protocol.SYNC ? "URL" : protocol.label,
                    destination,
                    ThroughputScenario.kib(size),
                    multiple(r, size),
                    multiple(g, size),
                    mib(r, size),
                    mib(g, size),
                    g.failed() ? "" : ThroughputScenario.ms(g.p50Nanos()));
              }
            }
          }
        }
      }
    } finally {
      Files.deleteIfExists(file);
      deleteTree(store);
    }
  }

  private static String multiple(LoadRun.Result r, int size) {
    if (r.failed()) {
      String f = r.failure();
      return "fails: " + (f.length() > 90 ? f.substring(0, 87) + "..." : f);
    }
    if (r.imageBytes() != size) {
      return "wrong image: " + r.imageBytes() + " bytes";
    }
    return String.format(Locale.ROOT, "%.2f", r.allocatedPerCall() / (double) size);
  }

  private static String mib(LoadRun.Result r, int size) {
    if (r.failed() || r.imageBytes() != size) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f", r.allocatedPerCall() / (1024.0 * 1024));
  }

  private static OutputStream open(Path file) {
    try {
      return Files.newOutputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
