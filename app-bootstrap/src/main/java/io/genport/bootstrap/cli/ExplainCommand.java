package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.core.domain.Adaptation;
import io.genport.core.domain.FailureClass;
import io.genport.core.domain.GenerationException;
import io.genport.core.domain.GenerationRequest;
import io.genport.core.domain.Target;
import io.genport.core.port.CallPlan;
import io.genport.core.port.ImageProvider;
import io.genport.core.port.NativeCall;
import io.genport.core.port.PlannedCall;
import io.genport.spi.http.HttpRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code genport explain}: the native HTTP calls a request would make on each target, and what each
 * target changes, without any network access.
 *
 * <p>Exit status: 0 when every target could be planned, 1 when at least one could not (each is
 * reported in the output), 2 for invalid input, which is reported before anything else.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Print the native HTTP calls and the adaptations of a request for each target.",
      "No network access; credentials are never shown."
    },
    sortOptions = false)
public final class ExplainCommand implements Callable<Integer> {
  static final String REDACTED = "<redacted>";

  private final Supplier<GenportRuntime> runtime;

  @Spec CommandSpec spec;

  @Mixin RequestOptions request;

  @Option(
      names = "--target",
      paramLabel = "PROVIDER:MODEL",
      description =
          "A target to explain (repeatable): a provider of `genport providers` and one of its"
              + " models, as in `genport models`. Not with --route.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--route",
      paramLabel = "NAME",
      description = "Explain every target of this route of the configuration file.")
  String route;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The configuration file (default: ./genport.yaml when present).")
  java.nio.file.Path config;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Mixin Verbosity verbosity;

  /**
   * @param runtime the wired application, obtained only once the input is known to be valid
   */
  public ExplainCommand(Supplier<GenportRuntime> runtime) {
    this.runtime = requireNonNull(runtime, "runtime is null");
  }

  @Override
  public Integer call() {
    io.genport.facade.config.GenportConfig configuration =
        io.genport.facade.config.GenportConfig.resolve(config, java.nio.file.Path.of(""));
    List<Target> parsed = new ArrayList<>();
    GenerateCommand.routeConfig(configuration, route, targets)
        .targets()
        .forEach(t -> parsed.add(t.target()));
    Set<String> providers = new LinkedHashSet<>();
    parsed.forEach(t -> providers.add(t.provider()));
    GenerationRequest canonical = request.toRequest(providers);

    GenportRuntime app = runtime.get();
    PrintWriter err = spec.commandLine().getErr();
    Cli.printDiscovery(app, err, verbosity.verbose);

    List<TargetExplanation> explanations = new ArrayList<>();
    for (Target t : parsed) {
      explanations.add(explain(app, canonical, t));
    }
    String text =
        json ? renderJson(app.json(), explanations) : renderText(app.json(), explanations);
    PrintWriter out = spec.commandLine().getOut();
    out.print(app.redact(text));
    out.flush();
    err.flush();
    return status(explanations);
  }

  /**
   * 0 when every target was planned; 2 when a target could not be planned because of the input (an
   * unknown provider or model, a bad parameter, a {@code --strict} field the target cannot honour),
   * as {@code generate} refuses it; 1 when a target failed for another reason (a plugin bug).
   */
  static int status(List<TargetExplanation> explanations) {
    boolean callerError = false;
    boolean otherError = false;
    for (TargetExplanation e : explanations) {
      if (e.error() == null) {
        continue;
      }
      String kind = e.error().type();
      if (kind.equals(FailureClass.INVALID_REQUEST.name())
          || kind.equals(FailureClass.UNSUPPORTED.name())) {
        callerError = true;
      } else {
        otherError = true;
      }
    }
    return callerError ? Cli.INVALID_INPUT : otherError ? Cli.FAILED : Cli.OK;
  }

  private static TargetExplanation explain(
      GenportRuntime app, GenerationRequest request, Target target) {
    try {
      ImageProvider provider = app.providers().provider(target.provider());
      CallPlan plan = provider.plan(request, target.model());
      List<TargetExplanation.Call> calls = new ArrayList<>();
      for (PlannedCall c : plan.calls()) {
        calls.add(call(app.json(), c));
      }
      return new TargetExplanation(target.toString(), calls, plan.adaptations(), null);
    } catch (GenerationException e) {
      return TargetExplanation.failed(
          target.toString(),
          new TargetExplanation.Failure(e.failureClass().name(), String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      // A plugin bug, not a user error: report it on this target and keep explaining the others.
      return TargetExplanation.failed(
          target.toString(),
          new TargetExplanation.Failure(
              "INTERNAL_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private static TargetExplanation.Call call(ObjectMapper json, PlannedCall planned) {
    NativeCall c = planned.call();
    Map<String, String> headers = new LinkedHashMap<>();
    String credential = c.credentialHeader();
    c.headers()
        .forEach(
            (name, value) ->
                headers.put(
                    name,
                    name.equalsIgnoreCase(credential) || HttpRequest.isSensitive(name)
                        ? REDACTED
                        : value));
    if (credential != null
        && headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase(credential))) {
      headers.put(credential, REDACTED);
    }
    return new TargetExplanation.Call(
        planned.part().index(),
        planned.part().count(),
        planned.part().firstImage(),
        planned.part().seed(),
        planned.expectedSize(),
        c.method(),
        c.uri().toString(),
        headers,
        body(json, c.body()));
  }

  private static JsonNode body(ObjectMapper json, String body) {
    if (body == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException notJson) {
      return JsonNodeFactory.instance.textNode(body);
    }
  }

  static String renderJson(ObjectMapper json, List<TargetExplanation> explanations) {
    ObjectNode root = json.createObjectNode();
    ArrayNode targets = root.putArray("targets");
    for (TargetExplanation e : explanations) {
      ObjectNode t = targets.addObject();
      t.put("target", e.target());
      ArrayNode calls = t.putArray("calls");
      for (TargetExplanation.Call c : e.calls()) {
        ObjectNode call = calls.addObject();
        call.put("method", c.method());
        call.put("url", c.url());
        ObjectNode headers = call.putObject("headers");
        c.headers().forEach(headers::put);
        call.set("body", c.body());
      }
      Cli.putAdaptations(t, e.adaptations());
      if (e.error() == null) {
        t.putNull("error");
      } else {
        ObjectNode error = t.putObject("error");
        error.put("type", e.error().type());
        error.put("message", e.error().message());
      }
    }
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(root)
          + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String renderText(ObjectMapper json, List<TargetExplanation> explanations) {
    StringWriter buffer = new StringWriter();
    PrintWriter out = new PrintWriter(buffer);
    boolean first = true;
    for (TargetExplanation e : explanations) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println("target " + e.target());
      if (e.error() != null) {
        out.println("  error " + e.error().type() + ": " + e.error().message());
        continue;
      }
      for (TargetExplanation.Call c : e.calls()) {
        out.println("  call " + (c.index() + 1) + " of " + e.calls().size() + ": " + describe(c));
        out.println("    " + c.method() + " " + c.url());
        c.headers().forEach((name, value) -> out.println("    " + name + ": " + value));
        if (!c.body().isNull()) {
          for (String line : pretty(json, c.body()).split("\\R")) {
            out.println("    " + line);
          }
        }
      }
      if (e.adaptations().isEmpty()) {
        out.println("  adaptations: none");
      } else {
        out.println("  adaptations:");
        for (Adaptation a : e.adaptations()) {
          out.println("    " + a);
        }
      }
    }
    out.flush();
    return buffer.toString();
  }

  private static String describe(TargetExplanation.Call c) {
    StringBuilder b = new StringBuilder();
    b.append(c.count() == 1 ? "1 image" : c.count() + " images");
    if (c.firstImage() > 0 || c.count() > 1) {
      b.append(" (#").append(c.firstImage() + 1);
      if (c.count() > 1) {
        b.append("-").append(c.firstImage() + c.count());
      }
      b.append(")");
    }
    b.append(c.seed() == null ? ", no seed" : ", seed " + c.seed());
    if (c.expectedSize() != null) {
      b.append(", expected ").append(c.expectedSize());
    } else {
      b.append(", pixel size decided by the vendor");
    }
    return b.toString();
  }

  private static String pretty(ObjectMapper json, JsonNode body) {
    if (body.isTextual()) {
      return body.asText();
    }
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
