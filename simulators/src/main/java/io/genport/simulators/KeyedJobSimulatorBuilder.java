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

  /**
   * The builder of a simulator that takes nothing but the shared options, the job timing and the
   * key, so that its class needs no builder of its own: {@code new Plain<>("sim-key",
   * AcmeSimulator::new)}, whose {@link #start()} constructs and starts it.
   *
   * @param <S> the simulator
   */
  public static final class Plain<S extends KeyedJobSimulator<?>>
      extends KeyedJobSimulatorBuilder<Plain<S>> {
    private final java.util.function.Function<Plain<S>, S> constructor;

    /**
     * @param defaultKey the key expected unless {@link #apiKey} sets another
     * @param constructor the simulator's constructor, which passes this builder to {@link
     *     KeyedJobSimulator}'s
     */
    public Plain(String defaultKey, java.util.function.Function<Plain<S>, S> constructor) {
      super(defaultKey);
      this.constructor = java.util.Objects.requireNonNull(constructor, "constructor is null");
    }

    @Override
    protected Plain<S> self() {
      return this;
    }

    /** Constructs the simulator and starts it. */
    public S start() {
      S simulator = constructor.apply(this);
      simulator.start();
      return simulator;
    }
  }
}
