package io.genport.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genport.simulators.Fault;
import io.genport.simulators.fal.FalSimulator;
import io.genport.simulators.leonardo.LeonardoSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches in Spark's local mode ({@code local[4,4]}: four task slots, a failed task tried up to
 * four times) against the fal simulator, whose own counts of created jobs say what a vendor would
 * bill: every row served exactly once, no row billed twice, whether a task fails after its rows
 * were accepted, is killed while it waits on their jobs, or has a copy running beside it.
 */
@Tag("spark")
class SparkBatchTest {
  private static SparkSession spark;

  @TempDir Path out;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.start("genport-spark-test");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private SparkBatch batch(SimulatedFal sim, String name, FleetSource fleet) {
    return SparkBatch.builder(name, out.toString())
        .target("fal:flux-2")
        .environment(sim.environment())
        .credentials(sim.credentials())
        .fleet(fleet)
        .concurrency(4)
        .build();
  }

  @Test
  void servesEveryRowOnceWritesItsImagesUnderItsIdAndResumesWhenRunAgain() throws IOException {
    try (SimulatedFal sim = SimulatedFal.quick()) {
      List<Row> rows = new ArrayList<>(SparkSessions.requests("fox", 7));
      rows.add(SparkSessions.request("fox-two", "two red foxes", "1024x768", 3L, 2, null));
      Dataset<Row> results =
          batch(sim, unique("serve"), FleetSource.inMemory())
              .run(SparkSessions.dataset(spark, rows, 2));

      List<Row> first = results.collectAsList();

      assertEquals(8, first.size());
      for (int i = 0; i < 8; i++) {
        Row r = first.get(i);
        assertEquals(rows.get(i).getString(0), r.getAs("id"), "results keep the rows' order");
        assertEquals("OK", r.getAs("status"), () -> "row " + r);
        assertEquals("fal:flux-2", r.getAs("target"));
        assertFalse((Boolean) r.getAs("resumed"));
        assertNull(r.getAs("error_class"));
      }
      List<String> twoImages = first.get(7).getList(first.get(7).fieldIndex("images"));
      assertEquals(2, twoImages.size());
      assertTrue(twoImages.get(0).endsWith("/fox-two-1.jpg"), twoImages.get(0));
      assertTrue(twoImages.get(1).endsWith("/fox-two-2.jpg"), twoImages.get(1));
      assertEquals(8, sim.fal.submitCount(), "one submit per row");
      assertEquals(9, imagesIn(out).size(), "7 rows of one image and one of two: " + imagesIn(out));

      // The same action again: every row's job is in the registry, so nothing is submitted.
      List<Row> again = results.collectAsList();
      assertEquals(8, again.size());
      again.forEach(r -> assertEquals("OK", r.getAs("status")));
      again.forEach(r -> assertTrue((Boolean) r.getAs("resumed"), () -> "resumed: " + r));
      assertEquals(8, sim.fal.submitCount(), "running the batch again submitted nothing");
      assertEquals(0, sim.billedTwice());
      assertEquals(9, imagesIn(out).size(), "images replaced, not copied: " + imagesIn(out));
    }
  }

  @Test
  void badRowsGetTheirValidationErrorNamingTheFieldAndNothingIsSentForThem() {
    try (SimulatedFal sim = SimulatedFal.quick()) {
      List<Row> rows =
          List.of(
              SparkSessions.request("good", "a fox", null, null, null, null),
              SparkSessions.request("blank", "   ", null, null, null, null),
              SparkSessions.request("zero", "a fox", null, null, 0, null),
              SparkSessions.request("huge", "a fox", "huge", null, null, null),
              SparkSessions.request("nowhere", "a fox", null, null, null, "nope:model"),
              SparkSessions.request(null, "a fox with no id", null, null, null, null),
              SparkSessions.request("bad id!", "a fox", null, null, null, null),
              SparkSessions.request("also-good", "another fox", null, null, null, null));

      List<Row> results =
          batch(sim, unique("bad"), FleetSource.inMemory())
              .run(SparkSessions.dataset(spark, rows, 2))
              .collectAsList();

      Map<String, String> fieldById = new java.util.LinkedHashMap<>();
      for (Row r : results) {
        String id = r.getAs("id");
        if (id == null || !id.contains("good")) {
          assertEquals("INVALID", r.getAs("status"), () -> "row " + r);
          assertEquals("INVALID_REQUEST", r.getAs("error_class"), () -> "row " + r);
          assertTrue(((List<?>) r.getList(r.fieldIndex("images"))).isEmpty());
          fieldById.put(String.valueOf(id), r.getAs("error_field"));
        } else {
          assertEquals("OK", r.getAs("status"), () -> "row " + r);
        }
      }
      assertEquals(
          Map.of(
              "blank", "prompt",
              "zero", "count",
              "huge", "size",
              "nowhere", "target",
              "null", "id",
              "bad id!", "id"),
          fieldById);
      assertEquals(2, sim.fal.submitCount(), "only the two good rows were sent");
    }
  }

  @Test
  void aTaskThatFailsAfterItsRowsWereAcceptedIsRetriedWithoutSubmittingThemAgain() {
    try (SimulatedFal sim = SimulatedFal.quick()) {
      String name = unique("retry");
      List<Row> rows = SparkSessions.requests("retry", 8);
      Dataset<Row> generated =
          batch(sim, name, FleetSource.inMemory()).run(SparkSessions.dataset(spark, rows, 2));
      // The same task, after generating: its first attempt at partition 1 dies, as a task would
      // on a lost executor, with every row of the partition accepted (and served).
      Dataset<Row> failingOnce =
          generated.mapPartitions(
              (MapPartitionsFunction<Row, Row>)
                  it -> {
                    List<Row> kept = new ArrayList<>();
                    it.forEachRemaining(kept::add);
                    TaskContext t = TaskContext.get();
                    if (t.partitionId() == 1 && t.attemptNumber() == 0) {
                      throw new IllegalStateException("test: the task dies after its rows ran");
                    }
                    return kept.iterator();
                  },
              Encoders.row(SparkBatch.resultSchema()));

      List<Row> results = failingOnce.collectAsList();

      assertEquals(8, results.size());
      results.forEach(r -> assertEquals("OK", r.getAs("status"), () -> "row " + r));
      Set<String> resumed = resumedIds(results);
      assertEquals(
          Set.of("retry-4", "retry-5", "retry-6", "retry-7"),
          resumed,
          "the retried partition resumed its rows' jobs");
      assertEquals(8, sim.fal.submitCount(), "one submit per row, the retry included");
      assertEquals(0, sim.billedTwice());
      System.out.println(
          "spark double billing (task failed after acceptance, retried): " + sim.billedTwice());
    }
  }

  @Test
  void aTaskKilledWhileItWaitsOnAcceptedJobsIsRunAgainAndResumesThem() throws Exception {
    try (SimulatedFal sim = SimulatedFal.held()) {
      String name = unique("killed");
      ObservedFleet fleet = ObservedFleet.named(name);
      TaskStarts starts = new TaskStarts();
      spark.sparkContext().addSparkListener(starts);
      try {
        List<Row> rows = SparkSessions.requests("killed", 8);
        Dataset<Row> results =
            batch(sim, name, ObservedFleet.source(name)).run(SparkSessions.dataset(spark, rows, 2));
        CompletableFuture<List<Row>> running =
            CompletableFuture.supplyAsync(results::collectAsList);

        await(() -> fleet.accepted.get() == 8, "every row accepted and recorded");
        long partition0 = starts.firstAttempt(0);
        spark.sparkContext().killTaskAttempt(partition0, true, "test: the executor is lost");
        await(() -> starts.attempts(0) >= 2, "partition 0 run again");
        sim.finishJobs();
        List<Row> out = running.get(120, TimeUnit.SECONDS);

        assertEquals(8, out.size());
        out.forEach(r -> assertEquals("OK", r.getAs("status"), () -> "row " + r));
        assertEquals(
            Set.of("killed-0", "killed-1", "killed-2", "killed-3"),
            resumedIds(out),
            "the killed partition's rows were resumed");
        assertEquals(8, sim.fal.submitCount(), "the killed task's rows were not submitted again");
        assertEquals(0, sim.billedTwice());
        System.out.println(
            "spark double billing (task killed after acceptance): " + sim.billedTwice());
      } finally {
        spark.sparkContext().removeSparkListener(starts);
      }
    }
  }

  /**
   * Spark never starts a speculative copy on the host its original runs on, and local mode has one
   * host, so the copy here is what speculation amounts to for the registry: a second attempt at the
   * same partitions, started while the original is slow (its submits held by the vendor, then its
   * jobs still running), both alive at once.
   */
  @Test
  void aCopyOfASlowTaskRunningBesideItResumesItsJobsInsteadOfSubmitting() throws Exception {
    try (SimulatedFal sim = SimulatedFal.held()) {
      sim.fal.faults().on(FalSimulator.SUBMIT).times(8).inject(Fault.delay(Duration.ofSeconds(2)));
      String name = unique("copy");
      ObservedFleet fleet = ObservedFleet.named(name);
      TaskStarts starts = new TaskStarts();
      spark.sparkContext().addSparkListener(starts);
      try {
        List<Row> rows = SparkSessions.requests("copy", 8);
        SparkBatch batch = batch(sim, name, ObservedFleet.source(name));
        Dataset<Row> original = batch.run(SparkSessions.dataset(spark, rows, 2));
        Dataset<Row> copy = batch.run(SparkSessions.dataset(spark, rows, 2));
        CompletableFuture<List<Row>> first = CompletableFuture.supplyAsync(original::collectAsList);
        await(() -> fleet.claimsGranted.get() == 8, "the original claimed every row");

        CompletableFuture<List<Row>> second = CompletableFuture.supplyAsync(copy::collectAsList);
        await(() -> starts.count() >= 4, "the copy's tasks run beside the original's");
        await(() -> fleet.accepted.get() == 8, "the original's submits accepted");
        sim.finishJobs();
        List<Row> a = first.get(120, TimeUnit.SECONDS);
        List<Row> b = second.get(120, TimeUnit.SECONDS);

        a.forEach(r -> assertEquals("OK", r.getAs("status"), () -> "row " + r));
        b.forEach(r -> assertEquals("OK", r.getAs("status"), () -> "row " + r));
        assertTrue(resumedIds(a).isEmpty(), "the original submitted its rows");
        assertEquals(8, resumedIds(b).size(), "the copy resumed every row");
        assertEquals(8, fleet.claimsGranted.get(), "the copy never held a claim");
        assertEquals(8, sim.fal.submitCount(), "one submit per row for both attempts");
        assertEquals(0, sim.billedTwice());
        assertEquals(8, imagesIn(out).size(), "one image per row: " + imagesIn(out));
        System.out.println("spark double billing (speculative copy): " + sim.billedTwice());
      } finally {
        spark.sparkContext().removeSparkListener(starts);
      }
    }
  }

  @Test
  void eachRowCarriesItsCostInItsUnitAndTheVendorsLedgerIsChargedOncePerRow() {
    try (LeonardoSimulator leo =
        LeonardoSimulator.builder().apiKey("spark-test-leonardo").credits(10_000).start()) {
      SparkBatch batch =
          SparkBatch.builder(unique("cost"), out.toString())
              .target("leonardo:phoenix-1.0")
              .environment(
                  Map.of(
                      "GENPORT_LEONARDO_BASE_URL", leo.apiBaseUri().toString(),
                      "GENPORT_LEONARDO_DOWNLOAD_ALLOW", leo.cdnBaseUri().getHost(),
                      "GENPORT_LEONARDO_POLL_INTERVAL_MS", "100"))
              .credentials(CredentialSource.of(Map.of("LEONARDO_API_KEY", "spark-test-leonardo")))
              .build();
      Dataset<Row> results =
          batch.run(SparkSessions.dataset(spark, SparkSessions.requests("paid", 4), 2));

      List<Row> first = results.collectAsList();
      long spent = 10_000 - leo.creditsLeft().orElseThrow();
      List<Row> again = results.collectAsList();

      java.math.BigDecimal billed = java.math.BigDecimal.ZERO;
      for (Row r : first) {
        assertEquals("OK", r.getAs("status"), () -> "row " + r);
        assertEquals("credits", r.getAs("cost_unit"));
        billed = billed.add(r.getAs("cost"));
      }
      assertTrue(spent > 0, "the simulator charged credits");
      assertEquals(
          0, billed.compareTo(java.math.BigDecimal.valueOf(spent)), billed + " vs " + spent);
      again.forEach(r -> assertTrue((Boolean) r.getAs("resumed"), () -> "resumed: " + r));
      assertEquals(
          spent, 10_000 - leo.creditsLeft().orElseThrow(), "running again charged nothing more");
      assertEquals(4, leo.generationsCreated());
    }
  }

  private static Set<String> resumedIds(List<Row> results) {
    return results.stream()
        .filter(r -> (Boolean) r.getAs("resumed"))
        .map(r -> (String) r.getAs("id"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every file in {@code dir}, hidden ones included (a stray .part file would show). */
  private static List<String> imagesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The task attempts that started, by partition. */
  private static final class TaskStarts extends SparkListener {
    private final Map<Integer, List<Long>> byPartition = new ConcurrentHashMap<>();

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
      byPartition
          .computeIfAbsent(
              e.taskInfo().index(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(e.taskInfo().taskId());
    }

    long firstAttempt(int partition) {
      return byPartition.get(partition).get(0);
    }

    int attempts(int partition) {
      List<Long> l = byPartition.get(partition);
      return l == null ? 0 : l.size();
    }

    int count() {
      return byPartition.values().stream().mapToInt(List::size).sum();
    }
  }
}
