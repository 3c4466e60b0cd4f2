package io.genport.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> MODELS =
      List.of("flux-2", "flux-2-pro", "flux-2-flex", "flux-dev", "recraft-v3", "imagen-4");

  @Test
  void theClosestFewComeFirstAndFarNamesNotAtAll() {
    assertEquals(List.of("flux-2"), Suggestions.closest("flux-99", MODELS));
    assertEquals(List.of("flux-2-pro"), Suggestions.closest("flux-2-por", MODELS));
    assertEquals(List.of(), Suggestions.closest("bogus_knob", MODELS));
    assertEquals(
        List.of("guidance_scale"),
        Suggestions.closest("guidance", List.of("prompt", "guidance_scale", "seed")),
        "a name that contains what was typed is close");
    assertEquals(3, Suggestions.closest("flux", MODELS).size(), "at most three");
  }

  @Test
  void aLongListIsCutToTheClosestAndTheCommandThatListsThem() {
    String message =
        "model: 'flux-99' is not in the fal catalog; catalog models: " + String.join(", ", MODELS);
    assertEquals(
        "model: 'flux-99' is not in the fal catalog; closest: flux-2; `x` lists all 6",
        Suggestions.shorten(message, "flux-99", MODELS, "`x` lists all 6"));
  }

  @Test
  void aShortListOrOneNotSpelledOutIsLeftAsItIs() {
    List<String> few = List.of("jpeg", "png");
    String message = "'gif' is not allowed; allowed: jpeg, png";
    assertEquals(message, Suggestions.shorten(message, "gif", few, "`x`"));
    String other = "model: 'flux-99' is unknown";
    assertEquals(other, Suggestions.shorten(other, "flux-99", MODELS, "`x`"));
  }

  @Test
  void distanceCountsEdits() {
    assertEquals(0, Suggestions.distance("fal", "fal"));
    assertEquals(1, Suggestions.distance("fall", "fal"));
    assertEquals(2, Suggestions.distance("flux-99", "flux-2"));
    assertEquals(3, Suggestions.distance("", "abc"));
  }
}
