package io.genport.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {
  @Test
  void capturesSegmentsAndTail() {
    PathPattern p = PathPattern.of("/{owner}/{app}/**");
    assertEquals(
        Map.of("owner", "fal-ai", "app", "flux", "**", "dev"), p.match("/fal-ai/flux/dev"));
    assertEquals("", p.match("/fal-ai/flux").get("**"));
    assertEquals("a/b", p.match("/fal-ai/flux/a/b/").get("**"));
    assertNull(p.match("/fal-ai"));
  }

  @Test
  void literalsAndWildcards() {
    PathPattern p = PathPattern.of("/{owner}/{app}/requests/*/status");
    assertTrue(p.matches("/o/a/requests/123/status"));
    assertFalse(p.matches("/o/a/requests/123/status/stream"));
    assertFalse(p.matches("/o/a/b/requests/123/status"));
  }

  @Test
  void endpointsMatchByNameOrMethodAndPath() {
    assertTrue(Endpoint.named("x").matches("h", "x", "GET", "/"));
    assertFalse(Endpoint.named("x").matches("h", null, "GET", "/"));
    assertTrue(Endpoint.of("post", "/a/**").matches("h", null, "POST", "/a/b"));
    assertFalse(Endpoint.of("POST", "/a/**").onHost("q").matches("h", null, "POST", "/a/b"));
    assertTrue(Endpoint.of("*", "/**").matches("h", null, "DELETE", "/z"));
  }
}
