package io.genport.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Bytes allocated per delivered image, as a multiple of the image's size, for each way a vendor
 * sends an image (a URL to download, a {@code data:} URI in fal's answer, bare base64 in Bedrock's
 * JSON) and each destination: held in memory (then discarded), or written to a file. One caller, a
 * large image, so the per-call overhead is noise and copies of the image dominate.
 */
final class AllocationScenario implements Scenario {

  @Override
  public String name() {
    return "allocation";
  }

  @Override
  public void run(HarnessSettings settings, Report report) throws Exception {
    int size = settings.largeImageBytes();
    Report.Table t =
        report.table(
            "Allocation per image, " + ThroughputScenario.kib(size) + " image",
            "image arrives as",
            "destination",
            "raw x image",
            "genport x image",
            "genport ms/image");
    byte[] image = SyntheticPng.of(size, 1024, 1024);
    int calls = settings.smoke() ? 2 : 6;
    int warmup = settings.smoke() ? 1 : 3;
    Path file = settings.workDir().resolve("allocation-image.png");
    try (LoopbackVendor vendor = new LoopbackVendor(image)) {
      for (Protocol protocol :
          new Protocol[] {Protocol.SYNC, Protocol.DATA_URI, Protocol.BEDROCK}) {
        vendor.inline(
            protocol == Protocol.DATA_URI
                ? LoopbackVendor.Inline.DATA_URI
                : LoopbackVendor.Inline.URL);
        try (GenportClient genport = new GenportClient(vendor, protocol);
            RawClient raw = new RawClient(vendor, protocol, genport.plannedBody())) {
          for (String destination : new String[] {"memory", "file"}) {
            Supplier<OutputStream> sink =
                destination.equals("memory") ? OutputStream::nullOutputStream : () -> open(file);
            LoadRun.Result r = LoadRun.run(raw, 1, warmup, calls, sink);
            LoadRun.Result g = LoadRun.run(genport, 1, warmup, calls, sink);
            t.row(
                protocol == Protocol.SYNC ? "URL" : protocol.label,
                destination,
                multiple(r, size),
                multiple(g, size),
                g.failed() ? "" : ThroughputScenario.ms(g.p50Nanos()));
          }
        }
      }
    } finally {
      Files.deleteIfExists(file);
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

  private static OutputStream open(Path file) {
    try {
      return Files.newOutputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
