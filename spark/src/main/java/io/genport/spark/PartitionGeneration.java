package io.genport.spark;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.batch.BatchEngine;
import io.genport.bootstrap.batch.BatchItem;
import io.genport.bootstrap.batch.BatchListener;
import io.genport.bootstrap.batch.BatchSettings;
import io.genport.bootstrap.batch.LineDecoder;
import io.genport.bootstrap.batch.LineResult;
import io.genport.bootstrap.batch.LineSource;
import io.genport.bootstrap.batch.MemoryJournal;
import io.genport.bootstrap.batch.ResultSink;
import io.genport.bootstrap.batch.SourceLine;
import io.genport.core.domain.InvalidRequestException;
import io.genport.core.port.FleetState;
import io.genport.core.port.JobRecord;
import io.genport.core.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Runs one partition of requests: the rows become the lines of a {@link BatchEngine} run on this
 * executor, each row's submit going through the fleet registry ({@link ClaimedGeneration}), and the
 * partition's results come back in the rows' order.
 *
 * <p>The partition's rows are held in memory while it runs (a request is a prompt and a few
 * options); its journal is the fleet registry, so the engine's own journal is a memory one that
 * lives as long as the task.
 */
final class PartitionGeneration implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Duration POLL = Duration.ofMillis(100);

  private final SparkBatchSettings settings;
  private final HadoopConfiguration hadoop;

  PartitionGeneration(SparkBatchSettings settings, HadoopConfiguration hadoop) {
    this.settings = requireNonNull(settings, "settings is null");
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    while (input.hasNext()) {
      Row row = input.next();
      ids.add(RequestColumns.id(row));
      lines.add(RequestColumns.line(row));
    }
    if (lines.isEmpty()) {
      return Collections.emptyIterator();
    }
    ExecutorRuntime runtime = ExecutorRuntime.of(settings);
    FleetState fleet = FleetSource.shared(settings.fleet());
    HadoopImageStore images = HadoopImageStore.open(settings.output(), hadoop.get());
    Rows rows = new Rows(runtime.decoder(), fleet, settings, owner());
    new BatchEngine(
            rows,
            new MemoryJournal(),
            images,
            rows,
            new BatchSettings(settings.concurrency(), settings.resubmitAmbiguous(), true),
            BatchListener.NONE)
        .run(LineSource.of(lines));
    List<Row> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      long line = i + 1;
      LineResult r = rows.results.get(line);
      if (r == null) {
        throw new IllegalStateException("the batch engine gave no result for row " + line);
      }
      out.add(ResultColumns.row(ids.get(i), r, rows.resumed.contains(line)));
    }
    return out.iterator();
  }

  /**
   * Names this attempt in the registry: unique per task attempt, and readable (the stage, the
   * partition, the attempt) in the registry and in ambiguity messages.
   */
  private static String owner() {
    TaskContext t = TaskContext.get();
    String random = UUID.randomUUID().toString().substring(0, 8);
    if (t == null) {
      return "spark-driver:" + random;
    }
    return "spark:stage-"
        + t.stageId()
        + "."
        + t.stageAttemptNumber()
        + ":partition-"
        + t.partitionId()
        + ":attempt-"
        + t.attemptNumber()
        + ":task-"
        + t.taskAttemptId()
        + ":"
        + random;
  }

  /** The idempotency key of a row: its batch, its id and its text. */
  static String key(String batch, String id, SourceLine line) {
    return batch + "/" + id + "/" + line.digest();
  }

  /**
   * The lines of one partition: decodes them through the fleet registry and records their ends
   * there, keeping each line's result for the output.
   */
  private static final class Rows implements LineDecoder, ResultSink {
    private final LineDecoder decoder;
    private final FleetState fleet;
    private final SparkBatchSettings settings;
    private final String owner;
    private final Map<Long, String> keys = new ConcurrentHashMap<>();
    final Map<Long, LineResult> results = new ConcurrentHashMap<>();
    final Set<Long> resumed = ConcurrentHashMap.newKeySet();

    Rows(LineDecoder decoder, FleetState fleet, SparkBatchSettings settings, String owner) {
      this.decoder = decoder;
      this.fleet = fleet;
      this.settings = settings;
      this.owner = owner;
    }

    @Override
    public BatchItem decode(SourceLine line) {
      BatchItem item = decoder.decode(line);
      String id = item.id();
      if (id == null) {
        throw new InvalidRequestException(
            "id",
            "every row needs an id: it keys the row's job in the fleet registry and names its"
                + " images");
      }
      if (!ID.matcher(id).matches()) {
        throw new InvalidRequestException(
            "id",
            "'"
                + id
                + "' is not 1..100 letters, digits, '.', '_' or '-' starting with a letter or"
                + " digit (it names the row's images)");
      }
      String key = key(settings.name(), id, line);
      keys.put(line.number(), key);
      ClaimedGeneration claimed =
          new ClaimedGeneration(
              item.generation(),
              fleet,
              key,
              owner,
              settings.claimLease(),
              settings.resubmitAmbiguous(),
              Clock.systemUTC(),
              Sleeper.SYSTEM,
              POLL,
              () -> resumed.add(line.number()));
      return new BatchItem(id, item.request(), claimed, item.route());
    }

    @Override
    public String idOf(SourceLine line) {
      return decoder.idOf(line);
    }

    @Override
    public void accept(LineResult r) {
      results.put(r.line(), r);
      String key = keys.get(r.line());
      if (key == null || r.handle() == null) {
        return;
      }
      JobRecord.Status status;
      String location = null;
      switch (r.status()) {
        case OK -> {
          status = JobRecord.Status.SUCCEEDED;
          location = r.images().isEmpty() ? null : String.join("\n", paths(r));
        }
        case FAILED -> status = JobRecord.Status.FAILED;
        case PENDING -> status = JobRecord.Status.ACCEPTED;
        default -> {
          return;
        }
      }
      Optional<JobRecord> now = fleet.job(key);
      if (now.isPresent()) {
        // Keeps the claimant's name; the handle is the line's latest (a deadline may replace it).
        fleet.recordJob(now.get().with(status, r.handle(), location, java.time.Instant.now()));
      }
    }

    private static List<String> paths(LineResult r) {
      List<String> p = new ArrayList<>();
      r.images().forEach(i -> p.add(i.path()));
      return p;
    }
  }
}
