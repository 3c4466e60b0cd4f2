package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.bootstrap.batch.BatchEngine;
import io.genport.bootstrap.batch.BatchSettings;
import io.genport.bootstrap.batch.BatchSummary;
import io.genport.bootstrap.batch.DirectoryImageStore;
import io.genport.bootstrap.batch.FileJournal;
import io.genport.bootstrap.batch.FileLineSource;
import io.genport.bootstrap.batch.JsonlResultSink;
import io.genport.bootstrap.batch.LineResult;
import io.genport.bootstrap.batch.SourceLine;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.core.domain.InvalidRequestException;
import io.genport.facade.config.GenportConfig;
import io.genport.facade.config.RouteConfig;
import io.genport.spi.Credentials;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code genport batch FILE.jsonl}: one request per line, run by a {@link BatchEngine} with a
 * journal, so that a run stopped at any moment ({@code Ctrl-C}, a crash, a kill) is finished by
 * {@code genport batch --resume JOURNAL} without submitting any job a vendor accepted again and
 * without redoing finished lines.
 *
 * <p>Everything a resumed run needs (the input file, the output folder, the route, the mode) is in
 * the journal's header, so {@code --resume} takes nothing else but {@code --concurrency}, {@code
 * --resubmit-ambiguous}, {@code --json} and {@code --progress}. The output folder and the journal's
 * folder are checked before anything is sent. Without a vendor credential the batch runs against
 * the embedded simulators, as {@code generate} does; their jobs end with the process, so a resumed
 * simulated batch submits its unfinished lines again (nothing is billed).
 *
 * <p>Exit status 0 when every line has its images, 1 when none has, 3 when some have (partial
 * success), 2 for invalid input (nothing sent).
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
      "Run a JSON Lines file of requests (one per line) with a journal; resumable after a crash"
          + " or Ctrl-C without submitting any accepted job again.",
      "A line: {\"id\": \"fox-1\", \"prompt\": \"a fox\", \"aspect\": \"16:9\", \"count\": 2,"
          + " \"seed\": 7, \"target\": \"fal:flux-2\"} with any of generate's request options"
          + " (negative, size, aspect, megapixels, count, seed, safety, format, quality, steps,"
          + " guidance, strict, params), and optionally id, target (one or a list) or route.",
      "With no vendor credential configured, runs against the embedded simulators and says so."
    },
    sortOptions = false)
public final class BatchCommand implements Callable<Integer> {
  /** Some lines have their images and some do not. */
  static final int PARTIAL = 3;

  /** The journal's name in the output folder unless {@code --journal} says otherwise. */
  static final String JOURNAL = "batch-journal.jsonl";

  /** The results' name in the output folder. */
  static final String RESULTS = "results.jsonl";

  private static final int SHOWN_PROBLEMS = 20;

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The requests, one JSON object per line (JSON Lines). Not with --resume.")
  Path file;

  @Option(
      names = "--resume",
      paramLabel = "JOURNAL",
      description =
          "Finish the batch of this journal: resume accepted jobs, skip finished lines, run the"
              + " rest. The journal holds the file, output folder and route.")
  Path resume;

  @Option(
      names = "--target",
      paramLabel = "PROVIDER:MODEL",
      description =
          "The route of lines that name no target (repeatable, tried in order). Not with --route.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--route",
      paramLabel = "NAME",
      description = "A route of the configuration file, for lines that name no target.")
  String route;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The configuration file (default: ./genport.yaml when present).")
  Path config;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where the images, " + RESULTS + " and the journal go (default: ./out); checked first.")
  Path out;

  @Option(
      names = "--journal",
      paramLabel = "PATH",
      description = "The journal (default: DIR/" + JOURNAL + "). A new batch never reuses one.")
  Path journal;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "Lines in flight at once, 1.." + BatchSettings.MAX_CONCURRENCY + " (default 4).")
  Integer concurrency;

  @Option(
      names = "--resubmit-ambiguous",
      description =
          "Submit again the lines whose submit may have reached the vendor without a recorded job"
              + " id (the vendor may then bill twice). Off: they are reported and left.")
  boolean resubmitAmbiguous;

  @Option(
      names = "--simulate",
      description = "Run against the embedded simulators even when credentials are configured.")
  boolean simulate;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      description =
          "Limit of each line's call, every target included: 90s, 2m, 1h, 500ms or seconds"
              + " (default: the route's, else 10m). Jobs still running then are left for --resume.")
  String deadline;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description =
          "bar (on a terminal), log (a line per finished line), none, or auto (default: bar on a"
              + " terminal, log otherwise).")
  String progress = "auto";

  @Option(names = "--json", description = "Print the summary as JSON instead of text.")
  boolean json;

  public BatchCommand(Launcher launcher) {
    this.launcher = requireNonNull(launcher, "launcher is null");
  }

  /** What a batch is run with: from the options, or from a journal's header. */
  private record Plan(
      Path file,
      Path out,
      List<String> targets,
      String route,
      Path config,
      boolean simulated,
      String deadline) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (concurrency != null && (concurrency < 1 || concurrency > BatchSettings.MAX_CONCURRENCY)) {
      throw new InvalidRequestException(
          "concurrency", "must be 1.." + BatchSettings.MAX_CONCURRENCY + ", was " + concurrency);
    }
    String mode = progress.toLowerCase(Locale.ROOT);
    if (!List.of("auto", "bar", "log", "none").contains(mode)) {
      throw new InvalidRequestException(
          "progress", "'" + progress + "' is not one of auto, bar, log, none");
    }
    if (resume != null) {
      return resume(err, mode);
    }
    if (file == null) {
      throw new InvalidRequestException(
          "file", "give the requests file (genport batch FILE.jsonl) or --resume JOURNAL");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidRequestException("file", "cannot read " + file + " (no such file?)");
    }
    Duration limit = duration(deadline);
    GenportConfig configuration = GenportConfig.resolve(config, Path.of(""));
    RouteConfig batchRoute =
        targets.isEmpty() && route == null
            ? null
            : GenerateCommand.routeConfig(configuration, route, targets);
    Path outDir = out == null ? Path.of("out") : out;
    DirectoryImageStore store = DirectoryImageStore.open(outDir);
    // Absolute, so the printed `--resume` works from any directory.
    Path journalPath = (journal == null ? outDir.resolve(JOURNAL) : journal).toAbsolutePath();
    Path journalDir = journalPath.getParent();
    if (journalDir != null) {
      DirectoryImageStore.checkWritableDirectory(journalDir, "journal");
    }
    if (Files.exists(journalPath)) {
      throw new InvalidRequestException(
          "journal",
          journalPath
              + " already exists: finish that batch with `genport batch --resume "
              + journalPath
              + "`, or give this one another --out or --journal");
    }
    FileLineSource source = FileLineSource.open(file);
    ProviderSetup setup = launcher.setup(configuration.environment());
    Set<String> providers = providers(source, configuration, batchRoute, setup);
    EmbeddedSimulators.Available available = EmbeddedSimulators.discover(setup.classLoader());
    boolean simulated = simulate || !VendorRuntime.anyReadyForRealUse(providers, setup, available);
    Plan plan =
        new Plan(
            file.toAbsolutePath(),
            outDir.toAbsolutePath(),
            List.copyOf(targets),
            route,
            configuration.source() == null ? null : configuration.source().toAbsolutePath(),
            simulated,
            deadline);
    if (simulated) {
      err.println(
          "genport: "
              + (simulate
                  ? "--simulate given"
                  : ("no vendor configured: set up " + VendorRuntime.whatToSet(providers, setup)))
              + "; running against the embedded simulators (simulated images, nothing billed)."
              + (simulate
                  ? ""
                  : " Set one to use the real vendor, or pass --simulate to force this."));
    }
    try (FileJournal j = FileJournal.create(journalPath, header(plan))) {
      return run(
          plan, j, source, store, configuration, batchRoute, limit, providers, available, mode);
    }
  }

  private int resume(PrintWriter err, String mode) throws IOException {
    List<String> fixed = new ArrayList<>();
    if (file != null) {
      fixed.add("FILE");
    }
    if (!targets.isEmpty()) {
      fixed.add("--target");
    }
    if (route != null) {
      fixed.add("--route");
    }
    if (config != null) {
      fixed.add("--config");
    }
    if (out != null) {
      fixed.add("--out");
    }
    if (journal != null) {
      fixed.add("--journal");
    }
    if (simulate) {
      fixed.add("--simulate");
    }
    if (deadline != null) {
      fixed.add("--deadline");
    }
    if (!fixed.isEmpty()) {
      throw new InvalidRequestException(
          "resume",
          "the journal fixes "
              + String.join(", ", fixed)
              + "; with --resume give only --concurrency, --resubmit-ambiguous, --json or"
              + " --progress");
    }
    FileJournal j;
    try {
      j = FileJournal.open(resume);
    } catch (NoSuchFileException e) {
      throw new InvalidRequestException("resume", "no journal at " + resume);
    } catch (IOException e) {
      throw new InvalidRequestException("resume", Cli.oneLine(e.getMessage()));
    }
    try (j) {
      Plan plan = plan(j.header());
      if (!Files.isRegularFile(plan.file()) || !Files.isReadable(plan.file())) {
        throw new InvalidRequestException(
            "file", "the batch's file " + plan.file() + " cannot be read any more");
      }
      DirectoryImageStore store = DirectoryImageStore.open(plan.out());
      // The file the batch started with, or none: not whatever genport.yaml is here now.
      GenportConfig configuration =
          plan.config() == null
              ? GenportConfig.empty()
              : GenportConfig.resolve(plan.config(), Path.of(""));
      RouteConfig batchRoute =
          plan.targets().isEmpty() && plan.route() == null
              ? null
              : GenerateCommand.routeConfig(configuration, plan.route(), plan.targets());
      Duration limit = duration(plan.deadline());
      FileLineSource source = FileLineSource.open(plan.file());
      ProviderSetup setup = launcher.setup(configuration.environment());
      Set<String> providers = providers(source, configuration, batchRoute, setup);
      EmbeddedSimulators.Available available = EmbeddedSimulators.discover(setup.classLoader());
      if (plan.simulated()) {
        err.println(
            "genport: the batch ran against the embedded simulators; resuming it there (their"
                + " jobs ended with the earlier run, so its unfinished lines are submitted again;"
                + " nothing billed).");
      } else if (!VendorRuntime.anyReadyForRealUse(providers, setup, available)) {
        // Resuming against simulators would lose the vendor jobs the journal holds; say what to
        // set.
        throw new InvalidRequestException(
            "resume",
            "the batch ran against the vendors, and "
                + ("no vendor configured: set up " + VendorRuntime.whatToSet(providers, setup))
                + " now; set it to resume");
      }
      return run(
          plan, j, source, store, configuration, batchRoute, limit, providers, available, mode);
    }
  }

  private int run(
      Plan plan,
      FileJournal j,
      FileLineSource source,
      DirectoryImageStore store,
      GenportConfig configuration,
      RouteConfig batchRoute,
      Duration limit,
      Set<String> providers,
      EmbeddedSimulators.Available available,
      String mode)
      throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    AtomicBoolean finished = new AtomicBoolean();
    Thread hint =
        new Thread(
            () -> {
              if (!finished.get()) {
                // Ctrl-C or a kill: the journal is already durable; say how to go on.
                System.err.println(
                    "\ngenport: batch stopped; finish it with: genport batch --resume " + j.path());
                System.err.flush();
              }
            },
            "genport-batch-resume-hint");
    io.genport.bootstrap.FleetConnection closeWhenDone = null;
    try (HttpClient5Transport transport = new HttpClient5Transport();
        EmbeddedSimulators sims = available.start(plan.simulated() ? providers : Set.of());
        JsonlResultSink sink = JsonlResultSink.create(plan.out().resolve(RESULTS));
        BatchProgress shown = progress(mode, err)) {
      // Images are received as files in the output directory; storing one is then a rename.
      Map<String, String> environment =
          new LinkedHashMap<>(
              io.genport.bootstrap.output.OutputDirectory.receivingImagesIn(
                  plan.out(), configuration.environment()));
      GenportRuntime app;
      if (plan.simulated()) {
        for (String problem : available.problems()) {
          err.println("genport: warning: " + Cli.oneLine(problem));
        }
        environment.putAll(sims.environment());
        app = launcher.start(transport, environment, Credentials.fromMap(sims.credentials()));
      } else {
        app = launcher.start(transport, environment, null);
      }
      // The fleet state the routes open (GENPORT_REDIS_URL, fleet.redisUrl) ends with the batch.
      closeWhenDone = app.fleet();
      BatchRoutes routes = new BatchRoutes(app, configuration, batchRoute, limit);
      BatchSettings settings =
          BatchSettings.defaults()
              .withConcurrency(concurrency == null ? 4 : concurrency)
              .withResubmitAmbiguous(resubmitAmbiguous)
              .withJobsOutliveProcess(!plan.simulated());
      BatchEngine engine = new BatchEngine(new BatchLines(routes), j, store, sink, settings, shown);
      Runtime.getRuntime().addShutdownHook(hint);
      BatchSummary summary;
      try {
        summary = engine.run(source);
      } catch (IOException e) {
        err.println(
            "genport: the batch stopped, nothing more was sent: "
                + Cli.oneLine(app.redact(String.valueOf(e.getMessage())))
                + "; once fixed, finish it with: genport batch --resume "
                + j.path());
        return Cli.FAILED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Cli.FAILED;
      } finally {
        finished.set(true);
        removeHook(hint);
      }
      shown.close();
      print(app, plan, j.path(), sink.path(), summary);
      if (summary.complete()) {
        return Cli.OK;
      }
      return summary.ok() == 0 ? Cli.FAILED : PARTIAL;
    } finally {
      if (closeWhenDone != null) {
        closeWhenDone.close();
      }
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
      // Either the JVM is already shutting down (the hook runs and says nothing) or it was never
      // added because the run failed first.
    }
  }

  private BatchProgress progress(String mode, PrintWriter err) {
    boolean terminal = System.console() != null;
    switch (mode) {
      case "none":
        return BatchProgress.none();
      case "bar":
        return BatchProgress.bar(System.err);
      case "log":
        return BatchProgress.log(err, System::nanoTime);
      default:
        return terminal ? BatchProgress.bar(System.err) : BatchProgress.log(err, System::nanoTime);
    }
  }

  /**
   * Every installed provider the batch may use: its route's and those of the lines' targets and
   * routes. A line naming a provider that is not installed is invalid on its own; it must not
   * decide whether the whole batch runs against the simulators.
   */
  private static Set<String> providers(
      FileLineSource source,
      GenportConfig configuration,
      RouteConfig batchRoute,
      ProviderSetup setup)
      throws IOException {
    Set<String> providers = new LinkedHashSet<>();
    Set<String> batchProviders = new LinkedHashSet<>();
    if (batchRoute != null) {
      batchRoute.targets().forEach(t -> batchProviders.add(t.target().provider()));
    }
    for (String p : batchProviders) {
      if (!setup.installed(p)) {
        // Every line without a target of its own would fail on it: refuse before anything starts.
        throw new InvalidRequestException(
            "target", "unknown provider '" + p + "' (genport providers lists those installed)");
      }
    }
    Set<String> lineTargets = new LinkedHashSet<>();
    Set<String> lineRoutes = new LinkedHashSet<>();
    try (Stream<SourceLine> lines = source.lines()) {
      lines.forEach(l -> BatchLines.scan(l.text(), lineTargets, lineRoutes));
    }
    for (String t : lineTargets) {
      int colon = t.indexOf(':');
      if (colon > 0) {
        providers.add(t.substring(0, colon).strip());
      }
    }
    for (String r : lineRoutes) {
      try {
        configuration.route(r).targets().forEach(t -> providers.add(t.target().provider()));
      } catch (InvalidRequestException unknown) {
        // The lines that name it are invalid; their results say so.
      }
    }
    providers.removeIf(p -> !setup.installed(p));
    providers.addAll(batchProviders);
    return providers;
  }

  private static ObjectNode header(Plan p) {
    ObjectNode h = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    h.put("file", p.file().toString());
    h.put("out", p.out().toString());
    ArrayNode t = h.putArray("targets");
    p.targets().forEach(t::add);
    h.put("route", p.route());
    h.put("config", p.config() == null ? null : p.config().toString());
    h.put("simulated", p.simulated());
    h.put("deadline", p.deadline());
    h.put("created", Instant.now().toString());
    return h;
  }

  private static Plan plan(ObjectNode h) {
    if (!h.path("file").isTextual() || !h.path("out").isTextual()) {
      throw new InvalidRequestException("resume", "the journal's header names no file or output");
    }
    List<String> targets = new ArrayList<>();
    h.path("targets").forEach(n -> targets.add(n.asText()));
    return new Plan(
        Path.of(h.get("file").asText()),
        Path.of(h.get("out").asText()),
        targets,
        textOrNull(h.get("route")),
        h.path("config").isTextual() ? Path.of(h.get("config").asText()) : null,
        h.path("simulated").asBoolean(false),
        textOrNull(h.get("deadline")));
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  /**
   * {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms}, {@code PT30S} or a number of seconds
   * ({@code 0.5}); {@code null} for none.
   */
  static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    Duration d;
    try {
      if (s.toUpperCase(Locale.ROOT).startsWith("PT")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
          throw new InvalidRequestException(
              "deadline", "'" + text + "' is not a duration such as 90s, 2m, 1h, 500ms or 0.5");
        }
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        BigDecimal millis =
            switch (unit) {
              case "ms" -> n;
              case "m" -> n.multiply(BigDecimal.valueOf(60_000));
              case "h" -> n.multiply(BigDecimal.valueOf(3_600_000));
              default -> n.multiply(BigDecimal.valueOf(1000));
            };
        d = Duration.ofMillis(millis.longValue());
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidRequestException(
          "deadline", "'" + text + "' is not a duration such as 90s, 2m, 1h, 500ms or 0.5");
    }
    if (d.compareTo(Duration.ofMillis(100)) < 0) {
      throw new InvalidRequestException("deadline", "must be at least 100ms, was " + text);
    }
    return d;
  }

  // ------------------------------------------------------------------------------- the summary

  private void print(GenportRuntime app, Plan plan, Path journalPath, Path results, BatchSummary s)
      throws IOException {
    List<LineResult> problems = problems(results);
    PrintWriter o = spec.commandLine().getOut();
    boolean resumable = s.ambiguous() > 0 || s.pending() > 0 || anyKeptJob(problems);
    if (json) {
      ObjectNode n = app.json().createObjectNode();
      n.put("simulated", plan.simulated());
      n.put("lines", s.lines());
      n.put("ok", s.ok());
      n.put("failed", s.failed());
      n.put("invalid", s.invalid());
      n.put("ambiguous", s.ambiguous());
      n.put("pending", s.pending());
      n.put("finishedEarlier", s.earlier());
      n.put("submitted", s.submitted());
      n.put("resumed", s.resumed());
      n.put("images", s.images());
      ArrayNode costs = n.putArray("costs");
      s.costs()
          .forEach(
              c -> {
                ObjectNode x = costs.addObject();
                x.put("amount", c.amount());
                x.put("currency", c.currency());
              });
      n.put("elapsedMs", s.elapsed().toMillis());
      n.put("out", plan.out().toString());
      n.put("results", results.toString());
      n.put("journal", journalPath.toString());
      ArrayNode p = n.putArray("problems");
      for (LineResult r : problems) {
        ObjectNode x = p.addObject();
        x.put("line", r.line());
        x.put("id", r.id());
        x.put("status", r.status().name());
        x.put("type", r.error().type());
        x.put("field", r.error().field());
        x.put("message", r.error().message());
      }
      o.println(
          app.redact(app.json().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n)));
    } else {
      StringBuilder b = new StringBuilder();
      b.append("batch: ")
          .append(s.lines())
          .append(s.lines() == 1 ? " line: " : " lines: ")
          .append(s.ok())
          .append(" ok, ")
          .append(s.failed())
          .append(" failed, ")
          .append(s.invalid())
          .append(" invalid, ")
          .append(s.ambiguous())
          .append(" ambiguous, ")
          .append(s.pending())
          .append(" pending")
          .append(plan.simulated() ? " (simulated)" : "")
          .append('\n');
      b.append("  this run: ")
          .append(s.submitted())
          .append(" submitted, ")
          .append(s.resumed())
          .append(" resumed from the journal, ")
          .append(s.earlier())
          .append(" finished earlier; ")
          .append(BatchProgress.clock(s.elapsed()))
          .append('\n');
      b.append("  images: ").append(s.images()).append(" in ").append(plan.out()).append('\n');
      b.append("  results: ").append(results).append('\n');
      b.append("  journal: ").append(journalPath).append('\n');
      if (!s.costs().isEmpty()) {
        List<String> c = new ArrayList<>();
        s.costs().forEach(x -> c.add(x.amount().toPlainString() + " " + x.currency()));
        b.append("  cost: ").append(String.join(" + ", c)).append('\n');
      }
      int shown = 0;
      for (LineResult r : problems) {
        if (shown++ == SHOWN_PROBLEMS) {
          b.append("  ... and ")
              .append(problems.size() - SHOWN_PROBLEMS)
              .append(" more in ")
              .append(results)
              .append('\n');
          break;
        }
        b.append("  line ")
            .append(r.line())
            .append(' ')
            .append(r.id())
            .append(": ")
            .append(r.status())
            .append(' ')
            .append(Cli.oneLine(r.error().message()))
            .append('\n');
      }
      if (resumable) {
        b.append("  finish it with: genport batch --resume ")
            .append(journalPath)
            .append(s.ambiguous() > 0 ? "  (add --resubmit-ambiguous to send ambiguous lines)" : "")
            .append('\n');
      }
      o.print(app.redact(b.toString()));
    }
    o.flush();
  }

  private static boolean anyKeptJob(List<LineResult> problems) {
    for (LineResult r : problems) {
      if (r.error() != null && "OUTPUT".equals(r.error().type())) {
        return true;
      }
    }
    return false;
  }

  /** The results that are not OK, in line order, read back from the results file. */
  private static List<LineResult> problems(Path results) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<LineResult> out = new ArrayList<>();
    for (String line : Files.readAllLines(results)) {
      if (line.isBlank()) {
        continue;
      }
      LineResult r = m.readValue(line, LineResult.class);
      if (r.status() != LineResult.Status.OK) {
        out.add(r);
      }
    }
    Collections.sort(out, (a, b) -> Long.compare(a.line(), b.line()));
    return out;
  }
}
