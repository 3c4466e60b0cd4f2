package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.negotiation.ModelCapabilities;
import io.genport.core.port.ImageProvider;
import io.genport.facade.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code genport models}: every catalog model of every provider (or of one), with its size options,
 * per-call image limit, seed range, the canonical fields it honours and its native parameters.
 * Offline. A provider that cannot be set up without configuration (a self-hosted server's address)
 * is listed and marked with what to set; that is not an error.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List each provider's catalog models and what each can do.")
public final class ModelsCommand implements Callable<Integer> {
  private final Supplier<GenportRuntime> runtime;

  @Spec CommandSpec spec;

  @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider.")
  String provider;

  @Option(
      names = "--model",
      paramLabel = "ID",
      description = "Only this model of --provider, with its native parameters (for --param).")
  String model;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Mixin Verbosity verbosity;

  public ModelsCommand(Supplier<GenportRuntime> runtime) {
    this.runtime = requireNonNull(runtime, "runtime is null");
  }

  @Override
  public Integer call() throws Exception {
    if (model != null && provider == null) {
      throw new InvalidRequestException("model", "needs --provider, e.g. --provider fal");
    }
    GenportRuntime app = runtime.get();
    Cli.printDiscovery(app, spec.commandLine().getErr(), verbosity.verbose);
    List<String> names = new ArrayList<>(app.providers().names());
    if (provider != null) {
      if (!names.contains(provider)) {
        throw new InvalidRequestException(
            "provider",
            "unknown provider '"
                + provider
                + "'; "
                + (names.size() <= Suggestions.MAX_LISTED
                    ? "installed: " + String.join(", ", names)
                    : Suggestions.didYouMean(provider, names)
                        + "; `genport providers` lists all "
                        + names.size()));
      }
      names = List.of(provider);
    }
    ObjectNode root = app.json().createObjectNode();
    ArrayNode providers = root.putArray("providers");
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      ObjectNode p = providers.addObject();
      p.put("provider", name);
      ArrayNode models = p.putArray("models");
      ImageProvider ip;
      try {
        ip = app.providers().provider(name);
      } catch (GenerationException e) {
        // Listed, not failed: `models` is how a new user finds out what a provider needs.
        List<String> missing = app.providers().missingConfiguration(name);
        ArrayNode needs = p.putArray("needsConfiguration");
        missing.forEach(needs::add);
        p.put("error", e.getMessage());
        text.append(name)
            .append("  (needs configuration")
            .append(missing.isEmpty() ? "" : ": set " + String.join(", ", missing))
            .append(")\n    ")
            .append(Cli.oneLine(e.getMessage()))
            .append('\n');
        continue;
      }
      text.append(name).append('\n');
      List<String> ids = ip.models();
      if (model != null) {
        if (!ids.contains(model)) {
          // A model the provider takes beyond its catalog (an endpoint id) is described too.
          ip.describe(model);
        }
        ids = List.of(model);
      }
      for (String id : ids) {
        ModelCapabilities c = ip.describe(id);
        ObjectNode m = CapabilityView.json(app.json(), id, c);
        List<String> params = ip.parameters(id);
        ArrayNode pa = m.putArray("parameters");
        params.forEach(pa::add);
        models.add(m);
        text.append("  ")
            .append(id)
            .append('\n')
            .append("    size:   ")
            .append(CapabilityView.size(c.size()))
            .append('\n')
            .append("    count:  up to ")
            .append(CapabilityView.count(c))
            .append(" per call (more are split)\n")
            .append("    seed:   ")
            .append(CapabilityView.seed(c.seed()))
            .append('\n')
            .append("    fields: ")
            .append(String.join(", ", CapabilityView.fields(c)))
            .append('\n');
        if (model != null && !params.isEmpty()) {
          text.append("    params: ").append(String.join(", ", params)).append('\n');
        }
      }
      if (ids.isEmpty()) {
        text.append("  (no catalog; any model id the provider accepts)\n");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        app.redact(
            json
                ? app.json().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
                    + "\n"
                : text.toString()));
    out.flush();
    return Cli.OK;
  }
}
