package io.genport.spark;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.batch.BatchSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Batch generation on Apache Spark: a {@code Dataset} of requests ({@link RequestColumns}) to a
 * {@code Dataset} of results ({@link ResultColumns}), one result row per request row, with every
 * partition run by the command line's batch engine on the executor that holds it.
 *
 * <pre>{@code
 * SparkBatch batch =
 *     SparkBatch.builder("foxes", "s3a://bucket/genport/foxes")
 *         .target("fal:flux-2")
 *         .fleet(FleetSource.of("redis", () -> RedisFleetState.connect(url)))
 *         .build();
 * Dataset<Row> results = batch.run(spark.read().json("s3a://bucket/prompts.jsonl"));
 * results.write().json("s3a://bucket/genport/foxes-results");
 * }</pre>
 *
 * <p>Nothing is billed twice: every row's accepted job is recorded in the fleet registry, under the
 * batch's name, the row's id and a digest of the row, before anything waits on it, so a task run
 * again (after a failure or a lost executor) or a speculative copy resumes it. Rows are validated
 * as {@code genport batch} lines are: a bad one gets an {@code INVALID} result naming the field,
 * nothing is sent for it, and the others go on. {@link #run} is lazy, like any transformation: an
 * action runs it, and running that action again (or a batch of the same name on the same registry)
 * resumes rather than pays again.
 */
public final class SparkBatch {
  private final SparkBatchSettings settings;

  private SparkBatch(SparkBatchSettings settings) {
    this.settings = settings;
  }

  /**
   * A batch called {@code name} whose images go to the folder {@code output}.
   *
   * @param name keys the rows' jobs in the registry (see {@link SparkBatchSettings#name()})
   * @param output a Hadoop URI or path: {@code /tmp/out}, {@code hdfs://nn/out}, {@code
   *     s3a://bucket/out}
   */
  public static Builder builder(String name, String output) {
    return new Builder(name, output);
  }

  /** The batch's settings. */
  public SparkBatchSettings settings() {
    return settings;
  }

  /** The schema of {@link #run}'s results. */
  public static StructType resultSchema() {
    return ResultColumns.SCHEMA;
  }

  /**
   * The results of {@code requests}, one row per request in each partition's order. Checks on the
   * driver, before anything is sent, that the columns are known, that the batch's route and
   * configuration are valid and that the output folder is writable.
   *
   * @throws io.genport.core.domain.InvalidRequestException naming the column, {@code target},
   *     {@code route}, {@code config} or {@code output} at fault
   */
  public Dataset<Row> run(Dataset<Row> requests) {
    requireNonNull(requests, "requests is null");
    RequestColumns.check(requests.schema());
    SparkSession spark = requests.sparkSession();
    HadoopConfiguration hadoop =
        new HadoopConfiguration(spark.sparkContext().hadoopConfiguration());
    HadoopImageStore.open(settings.output(), hadoop.get()).checkWritable();
    // Starts (and so validates) what the executors will start; in local mode it is theirs too.
    ExecutorRuntime.of(settings);
    return requests.mapPartitions(
        new PartitionGeneration(settings, hadoop), Encoders.row(ResultColumns.SCHEMA));
  }

  @Override
  public String toString() {
    return "SparkBatch[" + settings + "]";
  }

  /** Mutable, not thread-safe builder; every setting but the name and output is optional. */
  public static final class Builder {
    private final String name;
    private final String output;
    private final List<String> targets = new ArrayList<>();
    private String route;
    private String configYaml;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private CredentialSource credentials = CredentialSource.environment();
    private FleetSource fleet = FleetSource.inMemory();
    private int concurrency = BatchSettings.defaults().concurrency();
    private Duration deadline;
    private Duration claimLease = Duration.ofMinutes(2);
    private boolean resubmitAmbiguous;

    private Builder(String name, String output) {
      this.name = name;
      this.output = output;
    }

    /** Adds a target of the route of rows that name none ({@code PROVIDER:MODEL}), in order. */
    public Builder target(String target) {
      targets.add(requireNonNull(target, "target is null"));
      return this;
    }

    /** The configuration's route for rows that name none. Not with {@link #target}. */
    public Builder route(String route) {
      this.route = requireNonNull(route, "route is null");
      return this;
    }

    /** The text of a {@code genport.yaml}: routes, provider settings. */
    public Builder config(String yaml) {
      this.configYaml = requireNonNull(yaml, "yaml is null");
      return this;
    }

    /**
     * A {@code GENPORT_*} setting for the executors, over their own environment (a provider's base
     * URL, say). Not for keys: those come from {@link #credentials}.
     */
    public Builder environment(String name, String value) {
      environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
      return this;
    }

    /** Several settings as {@link #environment(String, String)} takes them. */
    public Builder environment(Map<String, String> values) {
      values.forEach(this::environment);
      return this;
    }

    /** Where executors find vendor keys; their environment when not set. */
    public Builder credentials(CredentialSource credentials) {
      this.credentials = requireNonNull(credentials, "credentials is null");
      return this;
    }

    /** The registry of accepted jobs; {@link FleetSource#inMemory()} when not set. */
    public Builder fleet(FleetSource fleet) {
      this.fleet = requireNonNull(fleet, "fleet is null");
      return this;
    }

    /** Rows in flight at once in each partition, 1..256; 4 when not set. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Overrides every route's deadline (each row's call, every target included). */
    public Builder deadline(Duration deadline) {
      this.deadline = requireNonNull(deadline, "deadline is null");
      return this;
    }

    /**
     * How long a row's claim stays exclusive before a vendor accepted its job: an attempt that
     * finds another's claim waits up to this long for that attempt's job. 2 minutes when not set;
     * keep it above the longest submit (its retries included).
     */
    public Builder claimLease(Duration lease) {
      this.claimLease = requireNonNull(lease, "lease is null");
      return this;
    }

    /**
     * Whether a row whose claimant stopped while its submit was in flight (so a vendor may hold a
     * billed job nobody recorded) is submitted again; off when not set, and such rows are reported
     * {@code AMBIGUOUS}.
     */
    public Builder resubmitAmbiguous(boolean on) {
      this.resubmitAmbiguous = on;
      return this;
    }

    /**
     * The batch.
     *
     * @throws IllegalArgumentException naming the setting that is invalid
     */
    public SparkBatch build() {
      if (route != null && !targets.isEmpty()) {
        throw new IllegalArgumentException("give targets or a route, not both");
      }
      return new SparkBatch(
          new SparkBatchSettings(
              name,
              output,
              targets,
              route,
              configYaml,
              environment,
              credentials,
              fleet,
              concurrency,
              deadline,
              claimLease,
              resubmitAmbiguous));
    }
  }
}
