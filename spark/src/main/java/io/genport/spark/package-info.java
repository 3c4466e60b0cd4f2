/**
 * Batch generation on Apache Spark: {@link io.genport.spark.SparkBatch} turns a {@code Dataset} of
 * requests (one row each: {@code id}, {@code prompt} and any of the command line's request options)
 * into a {@code Dataset} of results, each partition run by the command line's batch engine ({@link
 * io.genport.bootstrap.batch.BatchEngine}) on the executor that holds it.
 *
 * <p>Nothing is billed twice: before a row is submitted its key is claimed in the fleet registry
 * ({@link io.genport.core.port.FleetState}), and the job a vendor accepted is recorded there before
 * anything waits on it. A retried task, a task of a lost executor run again, or a speculative copy
 * finds the record and resumes that job instead of submitting the row again. Images go through
 * Hadoop's {@code FileSystem} (local, HDFS, S3A: whatever the cluster has) under names made of the
 * row's id, so writing a row again replaces its images.
 */
package io.genport.spark;
