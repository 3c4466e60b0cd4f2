package io.genport.simulators.fal;

import static io.genport.simulators.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genport.simulators.JobTiming;
import io.genport.simulators.Json;
import io.genport.simulators.ManualClock;
import io.genport.simulators.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FalStatusStreamTest {
  private static final String KEY = FalSimulator.DEFAULT_KEY;

  private static List<JsonNode> events(String body) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        out.add(Json.parse(line.substring(6)));
      }
    }
    return out;
  }

  private static HttpRequest streamRequest(URI statusUrl) {
    return HttpRequest.newBuilder(URI.create(statusUrl + "/stream?logs=1"))
        .header("Authorization", "Key " + KEY)
        .header("Accept", "text/event-stream")
        .build();
  }

  @Test
  void pollDrivenJobsStreamEveryStatusThenClose() throws Exception {
    try (FalSimulator fal = FalSimulator.builder().jobTiming(JobTiming.polls(2, 1)).start()) {
      TestHttp http = new TestHttp();
      JsonNode receipt =
          json(
              http.post(
                  URI.create(fal.queueBaseUri() + "/fal-ai/flux/dev"), KEY, "{\"prompt\":\"p\"}"));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> r =
          client.send(
              streamRequest(URI.create(receipt.get("status_url").asText())),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
      List<JsonNode> ev = events(r.body());
      List<String> statuses = new ArrayList<>();
      ev.forEach(e -> statuses.add(e.get("status").asText()));
      assertEquals(List.of("IN_QUEUE", "IN_QUEUE", "IN_PROGRESS", "COMPLETED"), statuses);
      assertEquals(1, ev.get(0).get("queue_position").asInt());
      assertEquals(0, ev.get(1).get("queue_position").asInt());
      assertTrue(ev.get(3).has("metrics"));
      assertEquals(receipt.get("response_url"), ev.get(3).get("response_url"));
      assertEquals(4, fal.statusPolls(receipt.get("request_id").asText()));
    }
  }

  @Test
  void clockDrivenJobsStreamAsTheClockMovesWithKeepAlives() throws Exception {
    ManualClock clock = new ManualClock();
    try (FalSimulator fal =
        FalSimulator.builder()
            .clock(clock)
            .jobTiming(JobTiming.durations(Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .statusStreamInterval(Duration.ofMillis(5))
            .statusStreamKeepAlive(Duration.ofMillis(30))
            .start()) {
      JsonNode receipt =
          json(
              new TestHttp()
                  .post(
                      URI.create(fal.queueBaseUri() + "/fal-ai/flux/dev"),
                      KEY,
                      "{\"prompt\":\"p\"}"));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // The clock moves in reaction to what the stream has sent, never after a real-time pause: a
      // loaded machine cannot make the stream skip a status.
      List<String> statuses = new ArrayList<>();
      List<String> comments = new ArrayList<>();
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            HttpResponse<Stream<String>> r =
                client.send(
                    streamRequest(URI.create(receipt.get("status_url").asText())),
                    HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = r.body()) {
              Iterator<String> it = lines.iterator();
              while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data: ")) {
                  statuses.add(Json.parse(line.substring(6)).get("status").asText());
                  if (statuses.size() == 2) {
                    clock.advance(Duration.ofSeconds(1)); // IN_PROGRESS seen: let it complete
                  }
                } else if (line.startsWith(":")) {
                  comments.add(line);
                  if (statuses.size() == 1 && comments.size() == 1) {
                    clock.advance(Duration.ofSeconds(1)); // queued long enough for a keep-alive
                  }
                }
              }
            }
          });
      assertEquals(List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED"), statuses);
      assertTrue(comments.contains(": keep-alive"), comments.toString());
      // Clock-driven streams do not count as polls.
      assertEquals(0, fal.statusPolls(receipt.get("request_id").asText()));
    }
  }
}
