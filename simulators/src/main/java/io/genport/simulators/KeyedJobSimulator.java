package io.genport.simulators;

/**
 * The base of a simulator whose vendor takes an API key and runs generations as jobs: the {@link
 * JobStore} and the {@link ApiKeyCheck}, with the knobs a test turns while it runs ({@link
 * #expectKey}, {@link #jobTiming}). A vendor simulator adds its hosts, routes and wire shapes,
 * reads the presented key the vendor's way in {@link #authorize} (answering the vendor's own
 * refusal) and puts the routes that need the key behind {@link #authorized}.
 *
 * @param <W> what the vendor simulator keeps per job
 */
public abstract class KeyedJobSimulator<W> extends SimulatorServer {
  /** The jobs, created with the builder's timing. */
  protected final JobStore<W> jobs;

  /** The key requests must present. */
  protected final ApiKeyCheck keyCheck;

  /**
   * @param name short vendor name, used in thread names and logs
   * @param builder the options, job timing and key
   */
  protected KeyedJobSimulator(String name, KeyedJobSimulatorBuilder<?> builder) {
    super(name, builder.simulatorOptions());
    this.jobs = builder.newJobStore();
    this.keyCheck = builder.newApiKeyCheck();
  }

  /**
   * Whether {@code request} presents the expected key, read the vendor's way (usually with {@link
   * ApiKeyCheck#authorization} and {@link #keyCheck}): {@code null} lets it through, anything else
   * is the vendor's own refusal, answered instead of the route.
   */
  protected abstract SimResponse authorize(SimRequest request);

  /**
   * {@code handler} behind the key check, for {@link #route}: a request {@link #authorize} refuses
   * gets the refusal, and the handler never sees it.
   */
  protected final RouteHandler authorized(RouteHandler handler) {
    return request -> {
      SimResponse denied = authorize(request);
      return denied != null ? denied : handler.handle(request);
    };
  }

  /** Sets the expected key ({@code null}: any key that is presented is accepted). */
  public void expectKey(String key) {
    keyCheck.expect(key);
  }

  /** Sets the timing of jobs created from now on. */
  public void jobTiming(JobTiming timing) {
    jobs.timing(timing);
  }

  /** Forgets the jobs; a simulator that keeps more state overrides it and calls this too. */
  @Override
  protected void onReset() {
    jobs.clear();
  }
}
