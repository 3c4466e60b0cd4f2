package io.genport.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.batch.FileJournal;
import io.genport.bootstrap.batch.JournalEntry;
import io.genport.bootstrap.batch.LineRecord;
import io.genport.bootstrap.batch.LineState;
import io.genport.simulators.JobTiming;
import io.genport.simulators.fal.FalJob;
import io.genport.simulators.fal.FalSimulator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code genport batch} in child JVMs against a fal simulator that this JVM owns (so its jobs
 * outlive the children), kills the child {@code kills} times mid-run with {@code destroyForcibly},
 * resumes it until it ends, and reports what the simulator saw. Used by {@link
 * BatchKillResumeTest}, and by {@link #main} for the larger measurement.
 */
final class KillAndResume {
  static final String KEY = "kill-and-resume-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper LENIENT =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  /**
   * What happened.
   *
   * @param lines the batch's lines
   * @param acceptedAtKill per kill, the ids of lines the journal held accepted but unfinished
   * @param inFlightAtKill per kill, the ids of lines whose submit was in flight (no job id yet)
   * @param jobsPerLine the simulator's jobs per line id (every submit it received)
   * @param jobIds the simulator's job ids per line id
   * @param results the final result of each line id, from {@code results.jsonl}
   * @param exits the exit status of each child that was not killed, in order
   * @param summaries the JSON summary of each child that was not killed
   * @param reportedAmbiguous ids reported AMBIGUOUS by a resumed run
   * @param jobsAfterFirstResume the simulator's jobs per line id once the first run that was not
   *     killed ended, before any {@code --resubmit-ambiguous}
   */
  record Outcome(
      int lines,
      List<List<String>> acceptedAtKill,
      List<List<String>> inFlightAtKill,
      Map<String, Integer> jobsPerLine,
      Map<String, List<String>> jobIds,
      Map<String, JsonNode> results,
      List<Integer> exits,
      List<JsonNode> summaries,
      List<String> reportedAmbiguous,
      Map<String, Integer> jobsAfterFirstResume) {}

  private KillAndResume() {}

  static String prompt(int i) {
    return "batch line " + i + ": a red fox in the snow";
  }

  /**
   * Runs a batch of {@code lines} with {@code kills} kills, each once the simulator has received
   * its share of the submits.
   *
   * @param atSubmit kill the moment the simulator receives that submit, when other submits are
   *     likely in flight (the worst case for ambiguous lines); otherwise wait until the journal
   *     also holds a running job, so the resume certainly has jobs to pick up
   */
  static Outcome run(
      Path dir, int lines, int kills, int concurrency, Duration limit, boolean atSubmit)
      throws Exception {
    try (FalSimulator fal =
        FalSimulator.builder().apiKey(KEY).jobTiming(JobTiming.polls(0, 1)).start()) {
      Path file = dir.resolve("requests.jsonl");
      List<String> text = new ArrayList<>();
      for (int i = 1; i <= lines; i++) {
        text.add(
            "{\"id\": \"l" + i + "\", \"prompt\": \"" + prompt(i) + "\", \"seed\": " + i + "}");
      }
      Files.write(file, text);
      Path out = dir.resolve("out");
      Path journal = out.resolve(BatchCommand.JOURNAL);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("FAL_KEY", KEY);
      env.put("GENPORT_FAL_BASE_URL", fal.syncBaseUri().toString());
      env.put("GENPORT_FAL_QUEUE_URL", fal.queueBaseUri().toString());
      env.put("GENPORT_FAL_DOWNLOAD_ALLOW", fal.mediaBaseUri().getHost());

      List<List<String>> acceptedAtKill = new ArrayList<>();
      List<List<String>> inFlightAtKill = new ArrayList<>();
      List<Integer> exits = new ArrayList<>();
      List<JsonNode> summaries = new ArrayList<>();
      List<String> reportedAmbiguous = new ArrayList<>();
      int child = 0;
      for (int k = 1; k <= kills; k++) {
        List<String> args =
            k == 1
                ? List.of(
                    "batch",
                    "--target",
                    "fal:flux-2",
                    "--out",
                    out.toString(),
                    "--concurrency",
                    Integer.toString(concurrency),
                    "--progress",
                    "log",
                    file.toString())
                : List.of(
                    "batch",
                    "--resume",
                    journal.toString(),
                    "--concurrency",
                    Integer.toString(concurrency),
                    "--progress",
                    "log");
        Process p = start(dir, ++child, env, args);
        try {
          int threshold = lines * k / (kills + 1);
          long until = System.nanoTime() + limit.toNanos();
          while (!fal.requests().awaitCount(FalSimulator.SUBMIT, threshold, Duration.ofMillis(200))
              || (!atSubmit && peek(journal) < 1)) {
            if (!p.isAlive() || System.nanoTime() > until) {
              throw new AssertionError(
                  "the batch "
                      + (p.isAlive() ? "was too slow" : "ended")
                      + " before the simulator saw "
                      + threshold
                      + " submits with jobs running; see "
                      + dir);
            }
          }
        } finally {
          p.destroyForcibly();
          p.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        }
        List<String> accepted = new ArrayList<>();
        List<String> inFlight = new ArrayList<>();
        try (FileJournal j = FileJournal.open(journal)) {
          for (LineRecord r : j.recorded().values()) {
            if (r.state() == LineState.ACCEPTED) {
              accepted.add(r.id());
            } else if (r.state() == LineState.SUBMITTING) {
              inFlight.add(r.id());
            }
          }
        }
        acceptedAtKill.add(accepted);
        inFlightAtKill.add(inFlight);
      }
      boolean resubmit = false;
      Map<String, Integer> jobsAfterFirstResume = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        List<String> args = new ArrayList<>();
        args.addAll(
            List.of(
                "batch",
                "--resume",
                journal.toString(),
                "--concurrency",
                Integer.toString(concurrency),
                "--progress",
                "log",
                "--json"));
        if (resubmit) {
          args.add("--resubmit-ambiguous");
        }
        int n = ++child;
        Process p = start(dir, n, env, args);
        try {
          if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the resumed batch did not end in " + limit + "; see " + dir);
          }
        } finally {
          p.destroyForcibly();
        }
        exits.add(p.exitValue());
        if (jobsAfterFirstResume == null) {
          jobsAfterFirstResume = jobsPerLine(fal);
        }
        JsonNode summary = JSON.readTree(dir.resolve("child-" + n + ".out").toFile());
        summaries.add(summary);
        for (JsonNode problem : summary.path("problems")) {
          if (problem.path("status").asText().equals("AMBIGUOUS")) {
            reportedAmbiguous.add(problem.path("id").asText());
          }
        }
        if (summary.path("ambiguous").asLong() == 0) {
          break;
        }
        resubmit = true;
      }

      Map<String, List<String>> jobIds = new TreeMap<>();
      for (FalJob job : fal.jobs()) {
        jobIds.computeIfAbsent(lineOf(job), x -> new ArrayList<>()).add(job.requestId());
      }
      Map<String, JsonNode> results = new TreeMap<>();
      for (String line : Files.readAllLines(out.resolve(BatchCommand.RESULTS))) {
        if (!line.isBlank()) {
          JsonNode r = JSON.readTree(line);
          results.put(r.path("id").asText(), r);
        }
      }
      return new Outcome(
          lines,
          acceptedAtKill,
          inFlightAtKill,
          jobsPerLine(fal),
          jobIds,
          results,
          exits,
          summaries,
          reportedAmbiguous,
          jobsAfterFirstResume);
    }
  }

  /**
   * How many lines the journal holds accepted and unfinished right now, read without opening it as
   * a journal (which would cut a half-written last line the child is still writing).
   */
  private static long peek(Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    List<String> lines = Files.readAllLines(journal);
    List<JournalEntry> entries = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      try {
        entries.add(LENIENT.readValue(lines.get(i), JournalEntry.class));
      } catch (IOException halfWritten) {
        break;
      }
    }
    return LineRecord.fold(entries).values().stream()
        .filter(r -> r.state() == LineState.ACCEPTED)
        .count();
  }

  /** The line id a simulator job was submitted for, from its prompt. */
  private static String lineOf(FalJob job) {
    String prompt = job.prompt().orElse("");
    return "l" + prompt.substring("batch line ".length(), prompt.indexOf(':'));
  }

  private static Map<String, Integer> jobsPerLine(FalSimulator fal) {
    Map<String, Integer> m = new TreeMap<>();
    for (FalJob job : fal.jobs()) {
      m.merge(lineOf(job), 1, Integer::sum);
    }
    return m;
  }

  /** Starts {@code genport ARGS} in a child JVM on this JVM's class path, output to files. */
  private static Process start(Path dir, int n, Map<String, String> env, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    // Absolute: the child runs in the batch's folder, where relative entries would mean nothing.
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      cp.add(Path.of(e).toAbsolutePath().toString());
    }
    cmd.add(String.join(File.pathSeparator, cp));
    cmd.add(GenportCommand.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    // Only the simulator's key: no credential of the machine's may reach the children.
    pb.environment().keySet().removeIf(k -> k.endsWith("_KEY") || k.endsWith("_TOKEN"));
    pb.environment().keySet().removeIf(k -> k.startsWith("GENPORT_"));
    pb.environment().putAll(env);
    pb.redirectOutput(dir.resolve("child-" + n + ".out").toFile());
    pb.redirectError(dir.resolve("child-" + n + ".err").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return pb.start();
  }

  /**
   * The measurement for the record: {@code java -cp <test class path>
   * io.genport.bootstrap.cli.KillAndResume [LINES] [KILLS] [CONCURRENCY] [at-submit|jobs-running]
   * [DIR]}.
   */
  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int kills = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    boolean atSubmit = args.length <= 3 || args[3].equals("at-submit");
    Path dir =
        args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("genport-kill-resume");
    Files.createDirectories(dir);
    long start = System.nanoTime();
    Outcome o = run(dir, lines, kills, concurrency, Duration.ofMinutes(10), atSubmit);
    long ok =
        o.results().values().stream().filter(r -> r.path("status").asText().equals("OK")).count();
    Map<Integer, Integer> histogram = new TreeMap<>();
    o.jobsPerLine().values().forEach(c -> histogram.merge(c, 1, Integer::sum));
    TreeSet<String> accepted = new TreeSet<>();
    o.acceptedAtKill().forEach(accepted::addAll);
    int acceptedOnce = 0;
    for (String id : accepted) {
      if (o.jobsPerLine().getOrDefault(id, 0) == 1) {
        acceptedOnce++;
      }
    }
    long resumed = o.results().values().stream().filter(r -> r.path("resumed").asBoolean()).count();
    System.out.println(
        "lines: "
            + lines
            + ", kills: "
            + kills
            + (atSubmit ? " (each as a submit arrives)" : " (each while jobs run)")
            + ", concurrency: "
            + concurrency);
    for (int k = 0; k < kills; k++) {
      System.out.println(
          "kill "
              + (k + 1)
              + ": accepted and unfinished "
              + o.acceptedAtKill().get(k).size()
              + ", submit in flight "
              + o.inFlightAtKill().get(k).size()
              + " "
              + o.inFlightAtKill().get(k));
    }
    System.out.println("lines OK: " + ok + " of " + o.results().size());
    System.out.println(
        "simulator jobs: " + o.jobIds().values().stream().mapToInt(List::size).sum());
    Map<Integer, Integer> before = new TreeMap<>();
    o.jobsAfterFirstResume().values().forEach(c -> before.merge(c, 1, Integer::sum));
    System.out.println(
        "after the first resume (no --resubmit-ambiguous): lines by number of simulator jobs: "
            + before
            + ", lines with no job: "
            + (lines - o.jobsAfterFirstResume().size()));
    System.out.println("lines by number of simulator jobs at the end: " + histogram);
    System.out.println(
        "lines accepted before a kill: "
            + accepted.size()
            + ", of them with exactly one job: "
            + acceptedOnce);
    System.out.println("lines served by resuming a job: " + resumed);
    System.out.println("reported ambiguous: " + o.reportedAmbiguous());
    System.out.println("exit statuses of the final runs: " + o.exits());
    System.out.println("took " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
    System.out.println("files in " + dir);
  }
}
