package io.genport.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.batch.BatchEngine;
import io.genport.bootstrap.batch.BatchListener;
import io.genport.bootstrap.batch.BatchSettings;
import io.genport.bootstrap.batch.BatchSummary;
import io.genport.bootstrap.batch.DirectoryImageStore;
import io.genport.bootstrap.batch.FileJournal;
import io.genport.bootstrap.batch.JsonlResultSink;
import io.genport.bootstrap.batch.LineSource;
import io.genport.bootstrap.cli.BatchLines;
import io.genport.facade.config.GenportConfig;
import io.genport.spi.Credentials;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Measures (does not assert) Spark local throughput against the command line's batch on the same
 * fal simulator, the same cores and the same rows in flight: the command line's engine with its
 * file journal ({@code fsync} per entry), result file and image folder, against {@code local[C]}
 * with C partitions sharing the in-flight rows. Prints rows per second and the ratio.
 *
 * <p>Run: {@code spark/run-throughput [ROWS] [IN_FLIGHT]} (defaults 200 and 8) after {@code mvn -B
 * -ntp -q package -pl spark -am -DskipTests}.
 */
public final class SparkThroughput {
  private SparkThroughput() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int cores = Runtime.getRuntime().availableProcessors();
    Path work = Files.createTempDirectory("genport-throughput");
    try (SimulatedFal sim = SimulatedFal.quick()) {
      List<String> lines = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < rows; i++) {
        lines.add(
            json.writeValueAsString(
                Map.of("id", "row-" + i, "prompt", "a red fox, take " + i, "seed", i)));
      }
      double cli = cli(sim, lines, work, inFlight, 10);
      double cliRate = cli(sim, lines, work, inFlight, rows);

      SparkSession spark =
          SparkSession.builder()
              .master("local[" + cores + "]")
              .appName("genport-throughput")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
      try {
        spark(spark, sim, work, 10, cores, inFlight);
        double sparkRate = spark(spark, sim, work, rows, cores, inFlight);
        System.out.printf(
            Locale.ROOT,
            "throughput over %d rows, %d in flight, %d cores, fal simulator on loopback:%n"
                + "  command-line batch engine: %.1f rows/s%n"
                + "  Spark local[%d]:            %.1f rows/s%n"
                + "  ratio Spark / command line: %.2f (warm-up of %.1f rows/s not counted)%n",
            rows,
            inFlight,
            cores,
            cliRate,
            cores,
            sparkRate,
            sparkRate / cliRate,
            cli);
      } finally {
        spark.stop();
      }
    }
  }

  /** Rows per second of the command line's engine, with its own journal, sink and images. */
  private static double cli(SimulatedFal sim, List<String> all, Path work, int inFlight, int n)
      throws Exception {
    Path dir = Files.createDirectories(work.resolve("cli-" + UUID.randomUUID()));
    try (HttpClient5Transport transport = new HttpClient5Transport()) {
      GenportRuntime app =
          Launcher.of(
                  new BootstrapSettings(
                      System.getenv(), Credentials.none(), SparkThroughput.class.getClassLoader()))
              .start(transport, sim.environment(), sim.credentials().open());
      BatchLines decoder =
          BatchLines.decoder(app, GenportConfig.empty(), List.of("fal:flux-2"), null, null);
      try (FileJournal journal =
              FileJournal.create(
                  dir.resolve("journal.jsonl"), new ObjectMapper().createObjectNode());
          JsonlResultSink sink = JsonlResultSink.create(dir.resolve("results.jsonl"))) {
        BatchSummary s =
            new BatchEngine(
                    decoder,
                    journal,
                    DirectoryImageStore.open(dir),
                    sink,
                    BatchSettings.defaults().withConcurrency(inFlight),
                    BatchListener.NONE)
                .run(LineSource.of(all.subList(0, n)));
        if (s.ok() != n) {
          throw new IllegalStateException("the command line served " + s.ok() + " of " + n);
        }
        return n / (s.elapsed().toNanos() / 1e9);
      }
    }
  }

  /** Rows per second of a Spark batch over {@code partitions} partitions. */
  private static double spark(
      SparkSession spark, SimulatedFal sim, Path work, int n, int partitions, int inFlight) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          SparkSessions.request("row-" + i, "a red fox, take " + i, null, (long) i, null, null));
    }
    SparkBatch batch =
        SparkBatch.builder(
                "throughput-" + UUID.randomUUID().toString().substring(0, 8),
                work.resolve("spark-" + UUID.randomUUID()).toString())
            .target("fal:flux-2")
            .environment(sim.environment())
            .credentials(sim.credentials())
            .concurrency(Math.max(1, inFlight / partitions))
            .build();
    long start = System.nanoTime();
    List<Row> out = batch.run(SparkSessions.dataset(spark, rows, partitions)).collectAsList();
    long ok = out.stream().filter(r -> "OK".equals(r.getAs("status"))).count();
    if (ok != n) {
      throw new IllegalStateException("Spark served " + ok + " of " + n);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
