package io.genport.bootstrap.cli;

import io.genport.bootstrap.GenportRuntime;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.core.domain.UnsupportedCapabilityException;
import io.genport.core.domain.negotiation.SeedSpec;
import io.genport.core.port.ImageProvider;
import io.genport.facade.Suggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the request on every target of the route before anything is sent, so that what the caller
 * got wrong ends the command with status 2, reported once per target and briefly, instead of being
 * passed over by the router as a target that cannot serve (and then reported three times). Planning
 * is pure: nothing is sent.
 *
 * <p>Caller errors: a provider or model that does not exist, a native parameter the model does not
 * take or a value it does not allow ({@link InvalidRequestException} from planning), and a negative
 * seed for a model that takes none. A target that cannot honour a {@code --strict} field is left to
 * the router, which goes on to the next one; only when no target can is it the caller's error too.
 */
final class Preflight {
  private Preflight() {}

  /**
   * @throws Cli.BadInput naming each target the request is wrong for
   * @throws InvalidRequestException when a provider is unknown or cannot be created
   */
  static void check(GenportRuntime app, List<Target> targets, GenerationRequest request) {
    List<String> invalid = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    for (Target t : targets) {
      ImageProvider p = app.providers().provider(t.provider());
      try {
        p.plan(request, t.model());
        String seed = negativeSeed(p, t, request);
        if (seed != null) {
          invalid.add(t + ": " + seed);
        }
      } catch (InvalidRequestException e) {
        invalid.add(t + ": " + brief(p, t, request, e));
      } catch (UnsupportedCapabilityException e) {
        unsupported.add(t + ": " + e.getMessage());
      } catch (RuntimeException e) {
        // Not the caller's doing (a plugin that fails to plan): the router reports it as it skips.
      }
    }
    if (!invalid.isEmpty()) {
      throw new Cli.BadInput(invalid);
    }
    if (unsupported.size() == targets.size()) {
      List<String> lines = new ArrayList<>(unsupported);
      lines.add(
          "no target of the route can honour the request as asked, so nothing was sent; drop"
              + " --strict or add a target that can");
      throw new Cli.BadInput(lines);
    }
  }

  /**
   * Why a negative seed is refused on {@code t}, or {@code null}: vendors take unsigned seeds, and
   * wrapping {@code -5} into {@code 4294967291} would quietly give another picture than the one the
   * caller meant to reproduce. A model that takes negative seeds gets them.
   */
  private static String negativeSeed(ImageProvider p, Target t, GenerationRequest request) {
    Long seed = request.seed();
    if (seed == null || seed >= 0) {
      return null;
    }
    SeedSpec s = p.describe(t.model()).seed();
    if (s.accepted() && s.inRange(seed)) {
      return null;
    }
    return "seed: "
        + seed
        + " is negative, and "
        + (s.accepted()
            ? "the model takes seeds " + s.min() + ".." + s.max()
            : "the model takes no seed");
  }

  /**
   * The error, with a long list of names it spells out (every catalog model, every parameter of the
   * model) cut to the closest few and the command that lists them all.
   */
  private static String brief(
      ImageProvider p, Target t, GenerationRequest request, InvalidRequestException e) {
    String message = e.getMessage();
    try {
      if (e.field().equals("model")) {
        List<String> models = p.models();
        return Suggestions.shorten(
            message,
            t.model(),
            models,
            "`genport models --provider " + t.provider() + "` lists all " + models.size());
      }
      if (request.extensionsFor(t.provider()).containsKey(e.field())) {
        List<String> params = p.parameters(t.model());
        return Suggestions.shorten(
            message,
            e.field(),
            params,
            "`genport models --provider "
                + t.provider()
                + " --model "
                + t.model()
                + "` lists all "
                + params.size());
      }
    } catch (RuntimeException listing) {
      // The names could not be listed; the message as the provider wrote it is still right.
    }
    return message;
  }
}
