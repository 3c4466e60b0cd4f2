package io.genport.simulators;

/**
 * A {@link JobSimulatorBuilder} for a {@link KeyedJobSimulator}: also the API key the simulator
 * expects.
 *
 * @param <B> the concrete builder
 */
public abstract class KeyedJobSimulatorBuilder<B extends KeyedJobSimulatorBuilder<B>>
    extends JobSimulatorBuilder<B> {
  private String apiKey;

  /**
   * @param defaultKey the key expected unless {@link #apiKey} sets another
   */
  protected KeyedJobSimulatorBuilder(String defaultKey) {
    this.apiKey = defaultKey;
  }

  /**
   * The key the simulator expects (where a request carries it is the vendor's; the simulator's
   * class says); {@code null} accepts any key that is presented.
   */
  public B apiKey(String key) {
    this.apiKey = key;
    return self();
  }

  /** A key check expecting the configured key, for the simulator. */
  public ApiKeyCheck newApiKeyCheck() {
    return new ApiKeyCheck(apiKey);
  }
}
