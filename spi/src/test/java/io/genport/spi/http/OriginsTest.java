package io.genport.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginsTest {
  @ParameterizedTest
  @CsvSource({
    "https://queue.fal.run/a/b, https://queue.fal.run, true, true",
    "https://queue.fal.run:443/a, https://queue.fal.run, true, true",
    "HTTPS://Queue.Fal.Run/a, https://queue.fal.run, true, true",
    "http://queue.fal.run/a, https://queue.fal.run, false, false",
    "https://queue.fal.run:8443/a, https://queue.fal.run, false, false",
    "https://v3.fal.media/a, https://queue.fal.run, false, false",
    "https://queue.fal.run.evil.example/a, https://queue.fal.run, false, false",
    "https://user@queue.fal.run/a, https://queue.fal.run, false, false",
    "https://hub.oxen.ai/api/ai/queue/1, https://hub.oxen.ai/api/ai, true, true",
    "https://hub.oxen.ai/other, https://hub.oxen.ai/api/ai, true, false",
    "http://127.0.0.1:4000/x, http://127.0.0.1:4000, true, true",
    "http://127.0.0.1:4001/x, http://127.0.0.1:4000, false, false"
  })
  void decidesWhereACredentialMayGo(String uri, String base, boolean same, boolean within) {
    assertEquals(same, Origins.same(URI.create(uri), URI.create(base)), "same " + uri);
    assertEquals(within, Origins.within(URI.create(uri), URI.create(base)), "within " + uri);
  }
}
