package io.genport.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Spark sessions and request datasets for the tests: local mode, loopback only, no UI. */
final class SparkSessions {
  /** The request columns the tests use. */
  static final StructType REQUESTS =
      new StructType()
          .add("id", DataTypes.StringType, true)
          .add("prompt", DataTypes.StringType, true)
          .add("size", DataTypes.StringType, true)
          .add("seed", DataTypes.LongType, true)
          .add("count", DataTypes.IntegerType, true)
          .add("target", DataTypes.StringType, true);

  private SparkSessions() {}

  /**
   * A local session: {@code local[4,4]} runs 4 tasks at once and tries a failed task up to 4 times,
   * as a cluster would.
   */
  static SparkSession start(String app) {
    return SparkSession.builder()
        .master("local[4,4]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate();
  }

  /** A row of the {@link #REQUESTS} columns. */
  static Row request(
      String id, String prompt, String size, Long seed, Integer count, String target) {
    return RowFactory.create(id, prompt, size, seed, count, target);
  }

  /** {@code n} valid requests {@code row-0..}, one image each. */
  static List<Row> requests(String prefix, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          request(prefix + "-" + i, "a red fox, take " + prefix + "-" + i, null, 7L + i, 1, null));
    }
    return rows;
  }

  /** The rows as a dataset of exactly {@code partitions} partitions. */
  static Dataset<Row> dataset(SparkSession spark, List<Row> rows, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, partitions), REQUESTS);
  }
}
