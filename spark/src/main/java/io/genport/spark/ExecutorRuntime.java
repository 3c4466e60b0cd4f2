package io.genport.spark;

import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.batch.LineDecoder;
import io.genport.bootstrap.cli.BatchLines;
import io.genport.facade.config.GenportConfig;
import io.genport.spi.Credentials;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The started application on one executor JVM: its HTTP transport, providers and routes, started
 * once per {@linkplain SparkBatchSettings#runtimeKey() kind of settings} and shared by every task
 * that runs there, so a route's circuit breakers and retry budget see all of that executor's rows
 * and connections are reused from task to task. Lives as long as the JVM.
 */
final class ExecutorRuntime {
  private static final Map<SparkBatchSettings.RuntimeKey, ExecutorRuntime> STARTED =
      new ConcurrentHashMap<>();

  private final GenportRuntime app;
  private final LineDecoder decoder;

  private ExecutorRuntime(GenportRuntime app, LineDecoder decoder) {
    this.app = app;
    this.decoder = decoder;
  }

  /** The runtime of {@code settings} in this JVM, started on first use. */
  static ExecutorRuntime of(SparkBatchSettings settings) {
    return STARTED.computeIfAbsent(settings.runtimeKey(), k -> start(settings));
  }

  private static ExecutorRuntime start(SparkBatchSettings s) {
    GenportConfig config =
        s.configYaml() == null ? GenportConfig.empty() : GenportConfig.parse(s.configYaml(), null);
    Map<String, String> environment = new HashMap<>(config.environment());
    environment.putAll(s.environment());
    Credentials credentials = s.credentials().open();
    HttpClient5Transport transport = new HttpClient5Transport();
    try {
      Launcher launcher =
          Launcher.of(
              new BootstrapSettings(
                  System.getenv(), credentials, ExecutorRuntime.class.getClassLoader()));
      GenportRuntime app = launcher.start(transport, environment, credentials);
      LineDecoder decoder = BatchLines.decoder(app, config, s.targets(), s.route(), s.deadline());
      Runtime.getRuntime()
          .addShutdownHook(new Thread(transport::close, "genport-spark-transport-close"));
      return new ExecutorRuntime(app, decoder);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  /** Decodes rows' lines into requests and the shared routes that serve them. */
  LineDecoder decoder() {
    return decoder;
  }

  /** Replaces every credential value a provider looked up with {@code <redacted>}. */
  String redact(String text) {
    return app.redact(text);
  }
}
