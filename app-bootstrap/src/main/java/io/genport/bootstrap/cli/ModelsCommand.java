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
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code genport models}: every catalog model of every provider (or of one), with its size options,
 * per-call image limit, seed range and the canonical fields it honours. Offline.
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

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  public ModelsCommand(Supplier<GenportRuntime> runtime) {
    this.runtime = requireNonNull(runtime, "runtime is null");
  }

  @Override
  public Integer call() throws Exception {
    GenportRuntime app = runtime.get();
    List<String> names = new ArrayList<>(app.providers().names());
    if (provider != null) {
      if (!names.contains(provider)) {
        throw new InvalidRequestException(
            "provider",
            "unknown provider '" + provider + "'; installed: " + String.join(", ", names));
      }
      names = List.of(provider);
    }
    ObjectNode root = app.json().createObjectNode();
    ArrayNode providers = root.putArray("providers");
    StringBuilder text = new StringBuilder();
    int status = Cli.OK;
    for (String name : names) {
      ObjectNode p = providers.addObject();
      p.put("provider", name);
      ArrayNode models = p.putArray("models");
      text.append(name).append('\n');
      ImageProvider ip;
      try {
        ip = app.providers().provider(name);
      } catch (GenerationException e) {
        p.put("error", e.getMessage());
        text.append("  error: ").append(e.getMessage()).append('\n');
        status = Cli.FAILED;
        continue;
      }
      for (String id : ip.models()) {
        ModelCapabilities c = ip.describe(id);
        models.add(CapabilityView.json(app.json(), id, c));
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
      }
      if (ip.models().isEmpty()) {
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
    return status;
  }
}
