package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.batch.BatchItem;
import io.genport.bootstrap.batch.LineDecoder;
import io.genport.bootstrap.batch.SourceLine;
import io.genport.core.domain.InvalidRequestException;
import io.genport.facade.config.GenportConfig;
import io.genport.facade.config.RouteConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a line of a {@code genport batch} file: one JSON object whose fields are {@code generate}'s
 * request options by the same names ({@code prompt}, {@code negative}, {@code size}, {@code
 * aspect}, {@code megapixels}, {@code count}, {@code seed}, {@code safety}, {@code format}, {@code
 * quality}, {@code steps}, {@code guidance}, {@code strict}, {@code params}), an optional {@code
 * id}, and an optional {@code target} (one or a list, in failover order) or {@code route}.
 *
 * <p>The fields are put into a {@link RequestOptions}, exactly as the command line's options are,
 * so a line is valid exactly when the same {@code generate} command would be, and an invalid one is
 * refused with the same field name and message.
 *
 * <p>Public for hosts that run the batch engine themselves, one partition per worker (the {@code
 * genport-spark} module): {@link #decoder} gives them the command line's decoding, validation and
 * routing.
 */
public final class BatchLines implements LineDecoder {
  /** Every field a line may have, in the order they are documented. */
  public static final List<String> FIELDS =
      List.of(
          "id",
          "prompt",
          "negative",
          "size",
          "aspect",
          "megapixels",
          "count",
          "seed",
          "safety",
          "format",
          "quality",
          "steps",
          "guidance",
          "strict",
          "params",
          "target",
          "route");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final BatchRoutes routes;

  BatchLines(BatchRoutes routes) {
    this.routes = requireNonNull(routes, "routes is null");
  }

  /**
   * A decoder of {@code genport batch} lines for a host that runs the batch engine itself. Lines
   * that name no target or route of their own use {@code targets} (in failover order) or, when
   * there are none, the configuration's route {@code route}; with neither, every line must name its
   * own. Each route is built once and shared by the lines that use it, so its circuit breakers and
   * retry budget see every line this decoder serves.
   *
   * @param app the started application whose providers serve the lines
   * @param config the configuration its routes come from ({@link GenportConfig#empty()} for none)
   * @param targets the default route's targets, {@code PROVIDER:MODEL}; may be empty
   * @param route the name of the configuration's default route, or {@code null}
   * @param deadline overrides every route's deadline, or {@code null}
   * @throws InvalidRequestException naming {@code target} or {@code route} when they are invalid
   */
  public static BatchLines decoder(
      GenportRuntime app,
      GenportConfig config,
      List<String> targets,
      String route,
      Duration deadline) {
    requireNonNull(targets, "targets is null");
    RouteConfig batchRoute =
        targets.isEmpty() && route == null
            ? null
            : GenerateCommand.routeConfig(config, route, targets);
    return new BatchLines(new BatchRoutes(app, config, batchRoute, deadline));
  }

  @Override
  public BatchItem decode(SourceLine line) {
    ObjectNode o = object(line.text());
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new InvalidRequestException(
            f, "unknown field; a line takes " + String.join(", ", FIELDS));
      }
    }
    String id = id(o);
    RequestOptions r = new RequestOptions();
    r.prompt = text(o, "prompt");
    r.negative = text(o, "negative");
    r.size = text(o, "size");
    r.aspect = text(o, "aspect");
    r.megapixels = number(o, "megapixels");
    r.count = integer(o, "count");
    r.seed = seed(o);
    r.safety = text(o, "safety");
    r.format = text(o, "format");
    r.quality = integer(o, "quality");
    r.steps = integer(o, "steps");
    r.guidance = number(o, "guidance");
    r.strict = strings(o, "strict");
    r.params = params(o);
    BatchRoutes.Routed routed = routes.forLine(strings(o, "target"), text(o, "route"));
    return new BatchItem(id, r.toRequest(routed.providers()), routed.router(), routed.label());
  }

  @Override
  public String idOf(SourceLine line) {
    try {
      JsonNode n = JSON.readTree(line.text());
      return n instanceof ObjectNode o ? id(o) : null;
    } catch (JsonProcessingException | InvalidRequestException e) {
      return null;
    }
  }

  /**
   * Adds the targets and route names a line gives to {@code targets} and {@code routes}, as far as
   * it can be read; for choosing, before anything starts, which vendors the batch needs.
   */
  static void scan(String text, Set<String> targets, Set<String> routeNames) {
    try {
      if (!(JSON.readTree(text) instanceof ObjectNode o)) {
        return;
      }
      targets.addAll(strings(o, "target"));
      String route = text(o, "route");
      if (route != null) {
        routeNames.add(route);
      }
    } catch (JsonProcessingException | InvalidRequestException e) {
      // The line is invalid; decoding it says so in its result.
    }
  }

  private static ObjectNode object(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "line", "not valid JSON: " + Cli.oneLine(e.getOriginalMessage()));
    }
    if (!(n instanceof ObjectNode o)) {
      throw new InvalidRequestException(
          "line", "must be a JSON object such as {\"prompt\": \"a fox\"}");
    }
    return o;
  }

  private static String id(ObjectNode o) {
    JsonNode n = o.get("id");
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual() || n.isIntegralNumber()) {
      return n.asText();
    }
    throw new InvalidRequestException("id", "must be a string or a whole number, was " + n);
  }

  private static String text(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidRequestException(field, "must be a string, was " + n);
    }
    return n.asText();
  }

  private static Integer integer(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new InvalidRequestException(field, "must be a whole number, was " + n);
    }
    return n.intValue();
  }

  private static Long seed(ObjectNode o) {
    JsonNode n = o.get("seed");
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new InvalidRequestException("seed", "must be a whole number, was " + n);
    }
    return n.longValue();
  }

  private static Double number(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw new InvalidRequestException(field, "must be a number, was " + n);
    }
    return n.doubleValue();
  }

  /** A string, or a list of strings. */
  private static List<String> strings(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isTextual()) {
      out.add(n.asText());
      return out;
    }
    if (n.isArray()) {
      for (JsonNode e : n) {
        if (!e.isTextual()) {
          throw new InvalidRequestException(
              field, "must be a string or a list of strings, has " + e);
        }
        out.add(e.asText());
      }
      return out;
    }
    throw new InvalidRequestException(field, "must be a string or a list of strings, was " + n);
  }

  /**
   * {@code params} as {@code --param} takes them: an object of {@code "[provider:]key": value}, or
   * a list of {@code "[provider:]key=value"} strings.
   */
  private static List<String> params(ObjectNode o) {
    JsonNode n = o.get("params");
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isArray()) {
      return strings(o, "params");
    }
    if (!n.isObject()) {
      throw new InvalidRequestException(
          "params", "must be an object of name: value, or a list of \"name=value\", was " + n);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!v.isValueNode() || v.isNull()) {
        throw new InvalidRequestException(
            "params",
            e.getKey() + " must be a string, a number or true/false, was " + v.toString());
      }
      out.add(e.getKey() + "=" + v.asText());
    }
    return out;
  }
}
