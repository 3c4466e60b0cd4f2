package io.genport.spi.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.domain.ImageSource;
import io.genport.core.domain.NonRetryableProviderException;
import io.genport.core.domain.PixelSize;
import io.genport.spi.http.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  @TempDir Path dir;

  /** A PNG header for 3x2 followed by {@code length - 33} bytes of noise. */
  private static byte[] image(int length) {
    byte[] b = Arrays.copyOf(ResultDownloaderTest.PNG, length);
    new Random(7).nextBytes(b);
    System.arraycopy(ResultDownloaderTest.PNG, 0, b, 0, ResultDownloaderTest.PNG.length);
    return b;
  }

  /** Writes {@code bytes} in pieces of {@code piece} bytes, as a socket hands them over. */
  private static ImageSource write(ImageStore store, byte[] bytes, long declared, int piece)
      throws IOException {
    try (ImageWriter w = store.newImage(declared)) {
      for (int at = 0; at < bytes.length; at += piece) {
        w.write(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)));
      }
      assertEquals(bytes.length, w.written());
      return w.complete();
    }
  }

  @Test
  void memoryKeepsEveryByteWithOrWithoutADeclaredLength() throws IOException {
    byte[] bytes = image(3 * 1024 * 1024 + 17);
    for (long declared : new long[] {bytes.length, -1, 100}) {
      ImageSource src = write(ImageStore.memory(), bytes, declared, 8191);
      assertArrayEquals(bytes, src.readAllBytes(), "declared " + declared);
      assertArrayEquals(bytes, src.open().readAllBytes(), "declared " + declared);
      assertEquals(bytes.length, src.size());
    }
  }

  @Test
  void directoryRenamesACompleteImageAndDeletesADiscardedOne() throws IOException {
    byte[] bytes = image(200_000);
    ImageSource src = write(ImageStore.directory(dir), bytes, -1, 4096);
    Path file = src.file().orElseThrow();
    assertTrue(file.getFileName().toString().matches("genport-[0-9a-f-]+\\.png"), file.toString());
    assertArrayEquals(bytes, Files.readAllBytes(file));

    try (ImageWriter w = ImageStore.directory(dir).newImage(-1)) {
      w.write(ByteBuffer.wrap(bytes, 0, 1000));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "the discarded image left nothing behind");
    }
  }

  @Test
  void sourcesStreamToFilesStreamsAndChannels() throws IOException {
    byte[] bytes = image(70_000);
    for (ImageStore store : List.of(ImageStore.memory(), ImageStore.directory(dir))) {
      ImageSource src = write(store, bytes, -1, 1000);
      Path target = dir.resolve("copy-" + store.getClass().getSimpleName() + ".png");
      src.writeTo(target);
      assertArrayEquals(bytes, Files.readAllBytes(target));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(bytes.length, src.transferTo(out));
      assertArrayEquals(bytes, out.toByteArray());
      ByteArrayOutputStream viaChannel = new ByteArrayOutputStream();
      assertEquals(bytes.length, src.transferTo(Channels.newChannel(viaChannel)));
      assertArrayEquals(bytes, viaChannel.toByteArray());
    }
  }

  private ResultDownloader downloader(ImageStore store, long maxBytes) {
    HttpTransport none = req -> CompletableFuture.failedFuture(new AssertionError("no I/O"));
    return new ResultDownloader(
        none,
        new DownloadPolicy(java.util.Set.of(), 3, maxBytes, DownloadPolicy.strict().resolver()),
        "download-allow",
        store);
  }

  @Test
  void aReceivedImageIsCheckedAndProbedFromItsFirstBytes() throws IOException {
    byte[] bytes = image(500_000);
    try (CheckedImage img =
        downloader(ImageStore.directory(dir), 1_000_000).receive(-1, "inline")) {
      img.asOutputStream().write(bytes);
      DownloadedImage d = img.finish();
      assertEquals("image/png", d.mediaType());
      assertEquals(new PixelSize(3, 2), d.size());
      assertEquals(bytes.length, d.length());
      assertArrayEquals(bytes, Files.readAllBytes(d.source().file().orElseThrow()));
    }
  }

  @Test
  void aJpegFrameAfterLongExifDataIsStillFoundWhenItArrivesInPieces() throws IOException {
    // SOI, an APP1 (EXIF) segment of 20,000 bytes, then the frame header: 512 high, 768 wide.
    byte[] jpeg = new byte[2 + 2 + 20_000 + 11 + 1000];
    jpeg[0] = (byte) 0xff;
    jpeg[1] = (byte) 0xd8;
    jpeg[2] = (byte) 0xff;
    jpeg[3] = (byte) 0xe1;
    jpeg[4] = (byte) (20_000 >> 8);
    jpeg[5] = (byte) (20_000 & 0xff);
    int sof = 4 + 20_000;
    byte[] frame = {(byte) 0xff, (byte) 0xc0, 0, 17, 8, 0x02, 0x00, 0x03, 0x00, 3, 0};
    System.arraycopy(frame, 0, jpeg, sof, frame.length);
    try (CheckedImage img = downloader(ImageStore.memory(), 1_000_000).receive(-1, "inline")) {
      for (int at = 0; at < jpeg.length; at += 1000) {
        img.write(jpeg, at, Math.min(1000, jpeg.length - at));
      }
      DownloadedImage d = img.finish();
      assertEquals("image/jpeg", d.mediaType());
      assertEquals(new PixelSize(768, 512), d.size());
      assertArrayEquals(jpeg, d.bytes());
    }
  }

  @Test
  void theLimitStopsWritingAndANonImageLeavesNothing() throws IOException {
    ResultDownloader downloader = downloader(ImageStore.directory(dir), 10_000);
    try (CheckedImage img = downloader.receive(-1, "inline")) {
      img.write(image(8_000), 0, 8_000);
      NonRetryableProviderException e =
          assertThrows(
              NonRetryableProviderException.class, () -> img.write(new byte[4_000], 0, 4_000));
      assertTrue(e.getMessage().contains("10000-byte limit"), e.getMessage());
      assertEquals(8_000, img.received());
    }
    try (CheckedImage img = downloader.receive(-1, "inline")) {
      img.write("not an image".getBytes(), 0, 12);
      assertThrows(NonRetryableProviderException.class, img::finish);
    }
    assertThrows(NonRetryableProviderException.class, () -> downloader.receive(20_000, "inline"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }
}
