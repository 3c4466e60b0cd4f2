/**
 * The batch engine: many requests, one per line, run with bounded concurrency and a durable
 * journal, so that a run stopped at any moment (a crash, Ctrl-C, a killed container) can be resumed
 * without submitting any job a vendor accepted again and without redoing finished lines.
 *
 * <p>{@link io.genport.bootstrap.batch.BatchEngine} is a library class over small ports: a {@link
 * io.genport.bootstrap.batch.LineSource} (where the lines come from), a {@link
 * io.genport.bootstrap.batch.LineDecoder} (a line to a request and the {@link
 * io.genport.core.port.ImageGeneration} that serves it), a {@link
 * io.genport.bootstrap.batch.BatchJournal} (what happened to each line, durably), an {@link
 * io.genport.bootstrap.batch.ImageStore} and a {@link io.genport.bootstrap.batch.ResultSink}. It
 * sees nothing of the command line, Guice or the providers, so the same code can run one partition
 * of a large input per worker of a distributed engine, each with its own journal. The file-based
 * implementations here ({@link io.genport.bootstrap.batch.FileJournal}, {@link
 * io.genport.bootstrap.batch.DirectoryImageStore}, {@link
 * io.genport.bootstrap.batch.JsonlResultSink}, {@link io.genport.bootstrap.batch.FileLineSource})
 * are what {@code genport batch} uses.
 */
package io.genport.bootstrap.batch;
