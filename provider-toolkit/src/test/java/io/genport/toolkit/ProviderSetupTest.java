package io.genport.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.core.domain.InvalidRequestException;
import io.genport.spi.Credentials;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderSetupTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-14T09:26:53Z"), ZoneOffset.UTC);
  private static final String PUBLIC = "https://api.acme.test/api/ai";

  // --- baseUrl ---

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:8080, http://127.0.0.1:8080/api/ai",
    "http://127.0.0.1:8080/, http://127.0.0.1:8080/api/ai",
    "https://gateway.example, https://gateway.example/api/ai",
    "http://127.0.0.1:8080/custom, http://127.0.0.1:8080/custom",
    "https://gateway.example/acme/v2/, https://gateway.example/acme/v2",
    "https://gateway.example/api/ai, https://gateway.example/api/ai"
  })
  void aBareOriginGetsThePrefixAndAPathIsTakenAsGiven(String configured, String expected) {
    assertEquals(
        URI.create(expected), setup("base-url", configured).baseUrl("base-url", PUBLIC, "/api/ai"));
  }

  @Test
  void aBareOriginStaysBareWithoutAPrefix() {
    assertEquals(
        URI.create("http://127.0.0.1:5000"),
        setup("base-url", "http://127.0.0.1:5000/")
            .baseUrl("base-url", "http://localhost:5000", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void anAbsentOrBlankBaseUrlIsTheFallbackAsItIs(String blank) {
    assertEquals(URI.create(PUBLIC), setup(Map.of()).baseUrl("base-url", PUBLIC, "/api/ai"));
    assertEquals(URI.create(PUBLIC), setup("base-url", blank).baseUrl("base-url", PUBLIC, "/x"));
  }

  @Test
  void aRequiredBaseUrlThatIsMissingNamesTheKey() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> setup(Map.of()).baseUrl("server-url", null, "/v1"));

    assertEquals("server-url", e.field());
    assertEquals("server-url: is required: set it to the server's base URL", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://files.example", "not a url", "/relative/path"})
  void aBaseUrlThatIsNotHttpNamesTheKey(String bad) {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> setup("base-url", bad).baseUrl("base-url", PUBLIC, "/api/ai"));

    assertEquals("base-url", e.field());
    assertEquals("base-url: '" + bad + "' is not an absolute http(s) URL", e.getMessage());
  }

  // --- choice ---

  @Test
  void aChoiceIsTheConfiguredValueOrTheFallback() {
    List<String> modes = List.of("queue", "sync");

    assertEquals("queue", setup(Map.of()).choice("mode", "queue", modes));
    assertEquals("sync", setup("mode", "sync").choice("mode", "queue", modes));
    assertEquals("sync", setup("mode", "  sync ").choice("mode", "queue", modes));
  }

  @Test
  void aChoiceOutsideTheAllowedValuesNamesKeyValueAndChoices() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> setup("mode", "batch").choice("mode", "queue", List.of("queue", "sync")));

    assertEquals("mode", e.field());
    assertEquals("mode: 'batch' is not allowed; allowed: queue, sync", e.getMessage());
  }

  // --- integer ---

  @ParameterizedTest
  @CsvSource({"1, 1", "10, 10", "7, 7", "' 3 ', 3"})
  void anIntegerWithinItsBoundsIsTaken(String configured, int expected) {
    assertEquals(expected, setup("workers", configured).integer("workers", 4, 1, 10));
  }

  @Test
  void anAbsentIntegerIsTheFallback() {
    assertEquals(4, setup(Map.of()).integer("workers", 4, 1, 10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "11", "-1", "abc", "2.5", "99999999999"})
  void anIntegerOutOfBoundsOrNotWholeNamesKeyValueAndBounds(String bad) {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> setup("workers", bad).integer("workers", 4, 1, 10));

    assertEquals("workers", e.field());
    assertEquals("workers: '" + bad + "' is not a whole number between 1 and 10", e.getMessage());
  }

  @Test
  void millisAreReadAsAWholeNumberOfMilliseconds() {
    assertEquals(
        Duration.ofMillis(250),
        setup("poll-ms", "250").millis("poll-ms", Duration.ofSeconds(1), 60_000));
    assertEquals(
        Duration.ofSeconds(1), setup(Map.of()).millis("poll-ms", Duration.ofSeconds(1), 60_000));
    assertThrows(
        InvalidRequestException.class,
        () -> setup("poll-ms", "60001").millis("poll-ms", Duration.ofSeconds(1), 60_000));
  }

  @Test
  void anOptionalValueIsNullWhenAbsentOrBlank() {
    assertNull(setup(Map.of()).optional("namespace"));
    assertNull(setup("namespace", " ").optional("namespace"));
    assertEquals("team", setup("namespace", "team").optional("namespace"));
  }

  @Test
  void theLookupIsOverTheCatalogAndNamesTheVendor() {
    CatalogLookup lookup = setup(Map.of()).lookup();

    assertEquals(List.of("tiny", "plain"), lookup.ids());
    assertEquals(
        "model: 'x' is not in the Acme catalog; catalog models: tiny, plain",
        lookup.unknown("x", null).getMessage());
  }

  private static ProviderSetup setup(String key, String value) {
    return setup(Map.of(key, value));
  }

  private static ProviderSetup setup(Map<String, String> config) {
    ProviderContext context =
        ProviderContext.of(
            request -> {
              throw new AssertionError("setup sends nothing");
            },
            CLOCK,
            duration -> {
              throw new AssertionError("setup never sleeps");
            },
            Credentials.none(),
            new ObjectMapper(),
            new SplittableRandom(1));
    return new ProviderSetup(
        new ProviderConfig(config),
        context,
        TestCatalog.catalog(),
        new VendorFailures("Acme", "ACME_KEY", CLOCK));
  }
}
