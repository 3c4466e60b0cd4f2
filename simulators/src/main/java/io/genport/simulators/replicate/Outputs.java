package io.genport.simulators.replicate;

import io.genport.simulators.ImageRenderer;
import io.genport.simulators.TriggerWords;
import java.util.Objects;

/** What a simulated model produces and says: images, error texts, logs, timings. */
final class Outputs {
  /** Replicate's error for content flagged on official models (E005). */
  static final String SENSITIVE =
      "The input or output was flagged as sensitive. Please try again with different inputs."
          + " (E005)";

  /** The error of a safety-checked model whose outputs were all NSFW (inferred). */
  static final String NSFW =
      "NSFW content detected. Try running it again, or try a different prompt.";

  /** A model-side failure. */
  static final String MODEL_ERROR =
      "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.11 GiB total capacity)";

  private Outputs() {}

  /** The {@code error} of a prediction that fails, or {@code null} when it succeeds. */
  static String failure(ReplicateGeneration g) {
    switch (g.outcome()) {
      case REJECT:
        return SENSITIVE;
      case FAIL:
        return MODEL_ERROR;
      case NSFW:
        return g.safetyChecker() ? NSFW : null;
      default:
        return null;
    }
  }

  /** Whether the model times out ({@code [timeout]}): the prediction fails, "timed out". */
  static boolean timedOut(ReplicateGeneration g) {
    return g.outcome() == TriggerWords.Outcome.TIMEOUT;
  }

  /** Image {@code i} of the generation, encoded as served. */
  static byte[] image(ReplicateGeneration g, int i) {
    return ImageRenderer.shared()
        .render(g.prompt(), g.seed() + i, g.width(), g.height(), g.rendered());
  }

  /** The file name image {@code i} is served under. */
  static String fileName(ReplicateGeneration g, int i) {
    return "out-"
        + i
        + "."
        + (g.rendered() == io.genport.simulators.ImageFormat.JPEG
            ? "jpg"
            : g.rendered().extension());
  }

  /** The logs while the model runs. */
  static String runningLogs(ReplicateGeneration g) {
    return "Using seed: "
        + g.seed()
        + "\n"
        + "Generating "
        + g.numOutputs()
        + " image(s) at "
        + g.width()
        + "x"
        + g.height()
        + "\n";
  }

  /** The full logs once the model has finished (or failed). */
  static String finalLogs(ReplicateGeneration g) {
    String error = failure(g);
    if (error != null) {
      return runningLogs(g) + "Traceback (most recent call last):\n" + error + "\n";
    }
    return runningLogs(g)
        + "100%|##########| 4/4 [00:00<00:00, 5.10it/s]\n"
        + "Generated "
        + g.numOutputs()
        + " image(s)\n";
  }

  /** A plausible, repeatable prediction time in seconds. */
  static double predictTime(ReplicateGeneration g) {
    int h = Objects.hash(g.prompt(), g.seed(), g.width(), g.height(), g.numOutputs());
    return 0.5 + Math.floorMod(h, 2000) / 1000.0;
  }
}
