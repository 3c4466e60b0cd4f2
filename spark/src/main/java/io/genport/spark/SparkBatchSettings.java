package io.genport.spark;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.batch.BatchSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the executors need to run a batch's partitions; travels with the tasks, so it holds no
 * secret unless {@link #credentials()} was given fixed values (never printed).
 *
 * @param name the batch's name: it keys the rows' jobs in the fleet registry ({@code
 *     <name>/<id>/<digest>}), so running a batch of the same name again, or a task of it again,
 *     resumes rather than resubmits; 1..100 letters, digits, {@code .}, {@code _}, {@code -}
 * @param output the folder the images go to, as a Hadoop URI or path
 * @param targets the route of rows that name no {@code target} or {@code route}, {@code
 *     PROVIDER:MODEL} in failover order; may be empty
 * @param route the configuration's route for such rows, or {@code null}
 * @param configYaml the text of a {@code genport.yaml} (routes, provider settings), or {@code null}
 * @param environment {@code GENPORT_*} settings for the executors over their own environment
 *     (provider base URLs and the like; not secrets)
 * @param credentials where executors find vendor keys
 * @param fleet the registry of accepted jobs
 * @param concurrency rows in flight at once in each partition, 1..256
 * @param deadline overrides every route's deadline, or {@code null}
 * @param claimLease how long a row's claim stays exclusive before a vendor accepted it: a copy of
 *     the task waits this long for the claimant's job before deciding the claimant stopped
 * @param resubmitAmbiguous whether a row whose claimant stopped while its submit was in flight (so
 *     the vendor may hold a job nobody recorded) is submitted again; off: reported {@code
 *     AMBIGUOUS}
 */
public record SparkBatchSettings(
    String name,
    String output,
    List<String> targets,
    String route,
    String configYaml,
    Map<String, String> environment,
    CredentialSource credentials,
    FleetSource fleet,
    int concurrency,
    Duration deadline,
    Duration claimLease,
    boolean resubmitAmbiguous)
    implements Serializable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public SparkBatchSettings {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be 1..100 letters, digits, '.', '_' or '-' starting with a letter or digit,"
              + " was '"
              + name
              + "'");
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("output is missing: give the images' folder");
    }
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    requireNonNull(credentials, "credentials is null");
    requireNonNull(fleet, "fleet is null");
    if (concurrency < 1 || concurrency > BatchSettings.MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency must be 1.." + BatchSettings.MAX_CONCURRENCY + ", was " + concurrency);
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    requireNonNull(claimLease, "claimLease is null");
    if (claimLease.isNegative() || claimLease.isZero()) {
      throw new IllegalArgumentException("claimLease must be positive, was " + claimLease);
    }
  }

  /** What the executors' started application depends on: settings with equal keys share one. */
  RuntimeKey runtimeKey() {
    return new RuntimeKey(targets, route, configYaml, environment, credentials, deadline);
  }

  /** The part of the settings that decides how an executor's application is started. */
  record RuntimeKey(
      List<String> targets,
      String route,
      String configYaml,
      Map<String, String> environment,
      CredentialSource credentials,
      Duration deadline) {}

  /** Names the batch and its folder; never the environment or credentials. */
  @Override
  public String toString() {
    return "SparkBatchSettings[name="
        + name
        + ", output="
        + output
        + ", targets="
        + targets
        + ", route="
        + route
        + ", concurrency="
        + concurrency
        + ", "
        + fleet
        + ", "
        + credentials
        + "]";
  }
}
