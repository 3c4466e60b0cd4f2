package io.genport.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.core.port.FleetState;
import io.genport.core.port.JobRecord;
import io.genport.redis.RedisFleetSettings;
import io.genport.redis.RedisFleetState;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * The same guarantee with the registry on a real Redis server (redis-server 7.0.15 from the
 * embedded-redis jar, on loopback), as a cluster would run it: a task that fails after its rows
 * were accepted is run again, finds their jobs in Redis and resumes them; running the batch a
 * second time submits nothing; the records in Redis name every row's job.
 */
@Tag("spark")
class SparkBatchRedisTest {
  private static SparkSession spark;
  private static RedisServer redis;
  private static String url;

  @TempDir Path out;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("genport-spark-redis");
    redis =
        RedisServer.builder()
            .port(port)
            .setting("bind 127.0.0.1")
            .setting("save \"\"")
            .setting("dir " + dir)
            .build();
    redis.start();
    url = "redis://127.0.0.1:" + port;
    spark = SparkSessions.start("genport-spark-redis-test");
  }

  @AfterAll
  static void stop() throws IOException {
    if (spark != null) {
      spark.stop();
    }
    if (redis != null) {
      redis.stop();
    }
  }

  /** The Redis registry, opened once per executor JVM. */
  private static FleetSource redisFleet(String name, String url, Path journal) {
    String journalPath = journal.toString();
    return FleetSource.of(
        name,
        () ->
            RedisFleetState.connect(
                RedisFleetSettings.builder(url)
                    .namespace("genport-spark-test")
                    .journal(Path.of(journalPath))
                    .build()));
  }

  @Test
  void aRetriedTaskResumesTheJobsItsFailedAttemptRecordedInRedis() throws Exception {
    try (SimulatedFal sim = SimulatedFal.quick()) {
      String name = "redis-" + UUID.randomUUID().toString().substring(0, 8);
      FleetSource fleet = redisFleet(name, url, out.resolve("redis-journal.jsonl"));
      List<Row> rows = SparkSessions.requests("r", 8);
      SparkBatch batch =
          SparkBatch.builder(name, out.resolve("images").toString())
              .target("fal:flux-2")
              .environment(sim.environment())
              .credentials(sim.credentials())
              .fleet(fleet)
              .build();
      Dataset<Row> generated = batch.run(SparkSessions.dataset(spark, rows, 2));
      Dataset<Row> failingOnce =
          generated.mapPartitions(
              (MapPartitionsFunction<Row, Row>)
                  it -> {
                    List<Row> kept = new ArrayList<>();
                    it.forEachRemaining(kept::add);
                    TaskContext t = TaskContext.get();
                    if (t.partitionId() == 0 && t.attemptNumber() == 0) {
                      throw new IllegalStateException("test: the task dies after its rows ran");
                    }
                    return kept.iterator();
                  },
              Encoders.row(SparkBatch.resultSchema()));

      List<Row> results = failingOnce.collectAsList();
      List<Row> again = generated.collectAsList();

      results.forEach(r -> assertEquals("OK", r.getAs("status"), () -> "row " + r));
      assertEquals(
          List.of("r-0", "r-1", "r-2", "r-3"),
          results.stream()
              .filter(r -> (Boolean) r.getAs("resumed"))
              .map(r -> r.getAs("id"))
              .toList());
      again.forEach(r -> assertTrue((Boolean) r.getAs("resumed"), () -> "resumed: " + r));
      assertEquals(8, sim.fal.submitCount(), "one submit per row over three runs of the rows");
      assertEquals(0, sim.billedTwice());
      FleetState state = FleetSource.shared(fleet);
      for (Row r : results) {
        String key =
            PartitionGeneration.key(
                name,
                r.getAs("id"),
                new io.genport.bootstrap.batch.SourceLine(
                    1, RequestColumns.line(rowWithSchema(rows, r.getAs("id")))));
        JobRecord rec = state.job(key).orElseThrow(() -> new AssertionError("no record " + key));
        assertEquals(JobRecord.Status.SUCCEEDED, rec.status(), key);
        assertEquals(r.getAs("handle"), rec.handle(), key);
      }
      System.out.println(
          "spark double billing (Redis registry, task retried): " + sim.billedTwice());
    }
  }

  private static Row rowWithSchema(List<Row> rows, String id) {
    for (Row r : rows) {
      if (id.equals(r.getString(0))) {
        return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
            new Object[] {r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)},
            SparkSessions.REQUESTS);
      }
    }
    throw new AssertionError("no row " + id);
  }
}
