package io.genport.spark;

import io.genport.bootstrap.batch.LineResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a results {@code Dataset}, one row per request row:
 *
 * <ul>
 *   <li>{@code id}: the request's id, as given;
 *   <li>{@code status}: {@code OK}, {@code FAILED}, {@code INVALID} (nothing was sent), {@code
 *       AMBIGUOUS} (a vendor may hold a job nobody recorded; not sent again) or {@code PENDING}
 *       (its deadline passed with the vendor's job still running; running the batch again picks it
 *       up);
 *   <li>{@code target}: the target that served it ({@code fal:flux-2}), when one did;
 *   <li>{@code cost} and {@code cost_unit}: what it cost and in what ({@code USD}, {@code
 *       credits}), when the vendor said;
 *   <li>{@code images}: where its images were written, in order;
 *   <li>{@code error_class}, {@code error_field}, {@code error_message}: why it is not OK ({@code
 *       INVALID_REQUEST} with the field at fault for bad input);
 *   <li>{@code resumed}: whether it was served by resuming a job an earlier or concurrent attempt
 *       of its task had submitted (a retried task, a lost executor, a speculative copy), not by a
 *       submit of its own;
 *   <li>{@code handle}: the resumable handle of its vendor jobs, when a vendor accepted it.
 * </ul>
 */
public final class ResultColumns {
  /** The cost's type: wide enough for any vendor's price, exact to a billionth. */
  public static final DecimalType COST = DataTypes.createDecimalType(24, 9);

  /** The schema of the results. */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, true),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("target", DataTypes.StringType, true),
            DataTypes.createStructField("cost", COST, true),
            DataTypes.createStructField("cost_unit", DataTypes.StringType, true),
            DataTypes.createStructField(
                "images", DataTypes.createArrayType(DataTypes.StringType, false), false),
            DataTypes.createStructField("error_class", DataTypes.StringType, true),
            DataTypes.createStructField("error_field", DataTypes.StringType, true),
            DataTypes.createStructField("error_message", DataTypes.StringType, true),
            DataTypes.createStructField("resumed", DataTypes.BooleanType, false),
            DataTypes.createStructField("handle", DataTypes.StringType, true)
          });

  private ResultColumns() {}

  /**
   * The row of one result.
   *
   * @param id the request's id as given (the engine names rows without one {@code line-N})
   * @param r the engine's result
   * @param resumed whether the row's job was resumed from the fleet registry
   */
  static Row row(String id, LineResult r, boolean resumed) {
    List<String> images = new ArrayList<>();
    r.images().forEach(i -> images.add(i.path()));
    BigDecimal cost = null;
    String unit = null;
    if (r.cost() != null) {
      cost = r.cost().amount().setScale(COST.scale(), RoundingMode.HALF_EVEN);
      unit = r.cost().currency();
    }
    return RowFactory.create(
        id,
        r.status().name(),
        served(r),
        cost,
        unit,
        scala.jdk.javaapi.CollectionConverters.asScala(images).toSeq(),
        r.error() == null ? null : r.error().type(),
        r.error() == null ? null : r.error().field(),
        r.error() == null ? null : r.error().message(),
        resumed || r.resumed(),
        r.handle());
  }

  /** The target of the attempt that produced the images, when one did. */
  private static String served(LineResult r) {
    if (r.status() != LineResult.Status.OK) {
      return null;
    }
    String last = null;
    for (LineResult.AttemptInfo a : r.attempts()) {
      if ("SUCCEEDED".equals(a.outcome())) {
        last = a.target();
      }
    }
    return last;
  }
}
