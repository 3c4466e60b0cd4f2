package io.genport.simulators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every request a simulator received, in arrival order, for assertions. Thread-safe. Requests
 * dropped by a fault are recorded too (see {@link RecordedRequest#fault()}).
 */
public final class RequestJournal {
  private final List<RecordedRequest> requests = new ArrayList<>();

  synchronized void add(RecordedRequest request) {
    requests.add(request);
    notifyAll();
  }

  /** All requests, ordered by arrival. */
  public synchronized List<RecordedRequest> all() {
    List<RecordedRequest> copy = new ArrayList<>(requests);
    copy.sort(Comparator.comparingLong(RecordedRequest::sequence));
    return List.copyOf(copy);
  }

  /** The requests an endpoint selects, ordered by arrival. */
  public List<RecordedRequest> matching(Endpoint endpoint) {
    return all().stream().filter(endpoint::matches).collect(Collectors.toUnmodifiableList());
  }

  /** How many requests an endpoint selects. */
  public int count(Endpoint endpoint) {
    return matching(endpoint).size();
  }

  /** How many requests have this method ({@code "*"} for any) and a path matching the pattern. */
  public int count(String method, String pathPattern) {
    return count(Endpoint.of(method, pathPattern));
  }

  /** The last request an endpoint selects. */
  public Optional<RecordedRequest> last(Endpoint endpoint) {
    List<RecordedRequest> m = matching(endpoint);
    return m.isEmpty() ? Optional.empty() : Optional.of(m.get(m.size() - 1));
  }

  /** Total number of requests. */
  public synchronized int size() {
    return requests.size();
  }

  /**
   * Waits until at least {@code n} requests match, for tests whose client works on other threads.
   *
   * @return whether the count was reached in time
   */
  public synchronized boolean awaitCount(Endpoint endpoint, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long c = requests.stream().filter(endpoint::matches).count();
      if (c >= n) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Forgets everything recorded so far. */
  public synchronized void clear() {
    requests.clear();
  }
}
