package io.genport.toolkit;

import io.genport.spi.http.HttpRequest;
import io.genport.spi.http.HttpResponse;
import io.genport.spi.http.HttpTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An in-memory transport: answers each request with the next answer scripted for its method and
 * URL, completed at once, and records every request it was given. A request nothing was scripted
 * for throws an {@link AssertionError} (an {@link Error}, so no classification swallows it).
 */
final class FakeTransport implements HttpTransport {
  private final Map<String, Deque<Supplier<CompletableFuture<HttpResponse>>>> answers =
      new HashMap<>();
  private final List<HttpRequest> sent = new ArrayList<>();

  /** Scripts a JSON (or any text) answer. */
  FakeTransport answer(String method, String url, int status, String body) {
    return answer(method, url, status, body, Map.of());
  }

  /** Scripts a text answer with headers. */
  FakeTransport answer(
      String method, String url, int status, String body, Map<String, String> headers) {
    return answerBytes(method, url, status, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Scripts an answer with a binary body. */
  FakeTransport answerBytes(
      String method, String url, int status, byte[] body, Map<String, String> headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return script(
        method,
        url,
        () ->
            CompletableFuture.completedFuture(
                new HttpResponse(status, h, new ByteArrayInputStream(body))));
  }

  /** Scripts an answer whose status line arrives but whose body breaks off. */
  FakeTransport answerBrokenBody(String method, String url, int status) {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset mid-body");
          }
        };
    return script(
        method,
        url,
        () -> CompletableFuture.completedFuture(new HttpResponse(status, Map.of(), broken)));
  }

  /** Scripts a transport failure. */
  FakeTransport fail(String method, String url, RuntimeException failure) {
    return script(method, url, () -> CompletableFuture.failedFuture(failure));
  }

  /** Scripts a refusal to send at all: {@link #send} throws {@code refusal}. */
  FakeTransport refuse(String method, String url, RuntimeException refusal) {
    return script(
        method,
        url,
        () -> {
          throw refusal;
        });
  }

  private FakeTransport script(
      String method, String url, Supplier<CompletableFuture<HttpResponse>> answer) {
    synchronized (this) {
      answers.computeIfAbsent(method + " " + url, k -> new ArrayDeque<>()).add(answer);
    }
    return this;
  }

  @Override
  public CompletableFuture<HttpResponse> send(HttpRequest request) {
    Supplier<CompletableFuture<HttpResponse>> answer;
    synchronized (this) {
      sent.add(request);
      Deque<Supplier<CompletableFuture<HttpResponse>>> q =
          answers.get(request.method() + " " + request.uri());
      answer = q == null ? null : q.poll();
    }
    if (answer == null) {
      throw new AssertionError("unexpected request: " + request);
    }
    return answer.get();
  }

  /** Every request sent so far, in order. */
  synchronized List<HttpRequest> sent() {
    return List.copyOf(sent);
  }

  /** The last request sent. */
  synchronized HttpRequest last() {
    if (sent.isEmpty()) {
      throw new AssertionError("nothing was sent");
    }
    return sent.get(sent.size() - 1);
  }

  /** Whether every scripted answer was used. */
  synchronized boolean allAnswered() {
    return answers.values().stream().allMatch(Deque::isEmpty);
  }
}
