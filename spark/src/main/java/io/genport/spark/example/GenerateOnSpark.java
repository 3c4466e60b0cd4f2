package io.genport.spark.example;

import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.ProviderSetup;
import io.genport.bootstrap.simulation.EmbeddedSimulators;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.domain.Target;
import io.genport.spark.CredentialSource;
import io.genport.spark.SparkBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a JSON Lines file of requests (the lines {@code genport batch} reads, each with an {@code
 * id}) on Spark and writes the images and a results table:
 *
 * <pre>
 * spark-submit --class io.genport.spark.example.GenerateOnSpark genport-spark-job.jar \
 *     REQUESTS.jsonl OUT [--target PROVIDER:MODEL]... [--name NAME] [--concurrency N] [--simulate]
 * </pre>
 *
 * <p>Images go to {@code OUT/images}, results (JSON, one object per row) to {@code OUT/results}.
 * Without {@code spark-submit}'s master it runs in {@code local[*]}. When a target's vendor has no
 * key configured (or with {@code --simulate}) and Spark runs locally, it runs against the embedded
 * vendor simulators (loopback, nothing billed), as {@code genport batch} does. Running it again
 * with the same {@code --name} in one JVM resumes; across runs and executors, give the batch a
 * shared registry through the Java API ({@link io.genport.spark.FleetSource}).
 */
public final class GenerateOnSpark {
  private GenerateOnSpark() {}

  public static void main(String[] args) {
    List<String> positional = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    String name = null;
    int concurrency = 4;
    boolean simulate = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--target" -> targets.add(value(args, ++i, "--target"));
        case "--name" -> name = value(args, ++i, "--name");
        case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i, "--concurrency"));
        case "--simulate" -> simulate = true;
        case "-h", "--help" -> {
          usage();
          return;
        }
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + args[i]);
          }
          positional.add(args[i]);
        }
      }
    }
    if (positional.size() != 2) {
      usage();
      System.exit(2);
      return;
    }
    if (targets.isEmpty()) {
      targets.add("fal:flux-2");
    }
    String input = positional.get(0);
    String out = positional.get(1).replaceAll("/+$", "");
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("genport");
    if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      run(spark, input, out, targets, name, concurrency, simulate);
    } finally {
      spark.stop();
    }
  }

  private static void run(
      SparkSession spark,
      String input,
      String out,
      List<String> targets,
      String name,
      int concurrency,
      boolean simulate) {
    Set<String> providers = new LinkedHashSet<>();
    targets.forEach(t -> providers.add(Target.parse(t).provider()));
    boolean local = spark.sparkContext().isLocal();
    ProviderSetup setup = Launcher.of(BootstrapSettings.fromProcess()).setup(Map.of());
    boolean unconfigured = providers.stream().anyMatch(p -> !setup.configured(p));
    SparkBatch.Builder batch =
        SparkBatch.builder(
                name == null ? "genport-" + Long.toHexString(System.nanoTime()) : name,
                out + "/images")
            .concurrency(concurrency);
    targets.forEach(batch::target);
    EmbeddedSimulators sims = null;
    if (simulate || unconfigured) {
      if (!local) {
        throw new InvalidRequestException(
            "simulate",
            "the embedded simulators listen on the driver's loopback, which executors on a cluster"
                + " cannot reach: configure "
                + providers
                + " instead");
      }
      sims = EmbeddedSimulators.discover(GenerateOnSpark.class.getClassLoader()).start(providers);
      System.err.println(
          "genport: "
              + (simulate ? "--simulate given" : "no vendor key configured for " + providers)
              + "; running against the embedded simulators (simulated images, nothing billed).");
      batch.environment(sims.environment()).credentials(CredentialSource.of(sims.credentials()));
    }
    try {
      Dataset<Row> requests = spark.read().json(input);
      if (Arrays.asList(requests.columns()).contains("_corrupt_record")) {
        throw new InvalidRequestException(
            "line", "some lines of " + input + " are not JSON objects (Spark could not read them)");
      }
      Dataset<Row> results = batch.build().run(requests).cache();
      results.write().mode("overwrite").json(out + "/results");
      summary(results, out);
    } finally {
      if (sims != null) {
        sims.close();
      }
    }
  }

  private static void summary(Dataset<Row> results, String out) {
    List<Row> byStatus = results.groupBy("status").count().orderBy("status").collectAsList();
    StringBuilder s = new StringBuilder("genport: ");
    for (Row r : byStatus) {
      s.append(r.getLong(1))
          .append(' ')
          .append(r.getString(0).toLowerCase(Locale.ROOT))
          .append(", ");
    }
    long resumed = results.filter("resumed").count();
    s.append(resumed).append(" resumed");
    for (Row r :
        results.filter("cost is not null").groupBy("cost_unit").sum("cost").collectAsList()) {
      s.append(", cost ").append(r.get(1)).append(' ').append(r.getString(0));
    }
    System.out.println(s);
    System.out.println("genport: images in " + out + "/images, results in " + out + "/results");
    results
        .filter("status != 'OK'")
        .select("id", "status", "error_field", "error_message")
        .limit(20)
        .collectAsList()
        .forEach(
            r ->
                System.out.println(
                    "  "
                        + r.getString(0)
                        + ": "
                        + r.getString(1)
                        + (r.isNullAt(2) ? "" : " [" + r.getString(2) + "]")
                        + " "
                        + r.getString(3)));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static void usage() {
    System.err.println(
        "usage: GenerateOnSpark REQUESTS.jsonl OUT [--target PROVIDER:MODEL]... [--name NAME]"
            + " [--concurrency N] [--simulate]");
  }
}
