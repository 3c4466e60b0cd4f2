package io.genport.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.genport.bootstrap.BootstrapSettings;
import io.genport.bootstrap.GenportRuntime;
import io.genport.bootstrap.Launcher;
import io.genport.bootstrap.PluginFolder;
import io.genport.bootstrap.simulation.SimulatorSession;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code genport} command line. {@link #main} wires the application once, lazily: input errors
 * and {@code --help} never load a plugin.
 *
 * <p>Exit statuses: 0 success, 1 generation failed, 2 invalid input (printed once on stderr, naming
 * the field; nothing was sent), 3 partial success (images saved in a fallback folder).
 */
@Command(
    name = "genport",
    mixinStandardHelpOptions = true,
    versionProvider = GenportCommand.Version.class,
    description = "One canonical image-generation request, every vendor.",
    footer = {
      "",
      "Exit status: 0 success, 1 generation failed, 2 bad input (nothing was sent),"
          + " 3 partial success (images saved in a fallback folder)."
    },
    // The subcommands are registered by commandLine(), from COMMANDS, so that a run creates only
    // the one it needs.
    subcommands = {})
public final class GenportCommand implements Runnable {

  /**
   * The subcommands by name, in the order {@code --help} lists them. Picocli builds the model of
   * every registered command (reflection over each option, mixin and converter) before it parses,
   * which was the largest part of a short command's start; a run that names its command therefore
   * registers only that one (see {@link #commandsFor}).
   */
  private static final Map<String, Class<?>> COMMANDS = commands();

  private static final String HELP = "help";

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("generate", GenerateCommand.class);
    m.put("status", StatusCommand.class);
    m.put("wait", WaitCommand.class);
    m.put("cancel", CancelCommand.class);
    m.put("batch", BatchCommand.class);
    m.put("explain", ExplainCommand.class);
    m.put("models", ModelsCommand.class);
    m.put("providers", ProvidersCommand.class);
    m.put("simulators", SimulatorsCommand.class);
    m.put(HELP, CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  @Spec CommandSpec spec;

  private final ChosenPlugins plugins;

  private GenportCommand(ChosenPlugins plugins) {
    this.plugins = plugins;
  }

  /**
   * {@code --plugins DIR}, accepted before or after the command name: the folder of provider plugin
   * jars, over {@code GENPORT_PLUGINS} and {@code ~/.genport/plugins}.
   */
  @Option(
      names = PluginFolder.OPTION,
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Folder of provider plugin jars to load (default: $GENPORT_PLUGINS, else"
              + " ~/.genport/plugins).")
  void plugins(Path dir) {
    plugins.folder(dir);
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a command is required: generate, status, wait, cancel, batch, explain, models,"
            + " providers or simulators"
            + " (see genport --help)");
  }

  /** Runs the command line on the process's environment and exits with its status. */
  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    BootstrapSettings settings = BootstrapSettings.fromProcess();
    Path home = Path.of(System.getProperty("user.home"));
    int status = execute(Launcher.of(settings, PluginFolder.defaultFolder(home)), out, err, args);
    out.flush();
    err.flush();
    System.exit(status);
  }

  /**
   * Runs the command line in-process.
   *
   * @param runtime supplies the wired application; called at most once, and only after the input
   *     was found valid
   * @return the exit status
   */
  public static int execute(
      Supplier<GenportRuntime> runtime, PrintWriter out, PrintWriter err, String... args) {
    return execute(fixed(runtime), out, err, args);
  }

  /**
   * Runs one command in a session of several: simulators started for a simulated job keep running
   * in {@code session} until it is closed, so {@code status}, {@code wait} and {@code cancel} of a
   * later command can resume the job that {@code generate --detach} left there.
   */
  public static int execute(
      Launcher launcher,
      SimulatorSession session,
      PrintWriter out,
      PrintWriter err,
      String... args) {
    return commandLine(
            launcher,
            session,
            SimulatorsCommand.StopSignal.untilInterrupted(),
            out,
            err,
            commandsFor(args))
        .execute(args);
  }

  /**
   * Runs the command line in-process with a launcher, which {@code generate} needs to start the
   * application with a real transport (and, when simulating, the simulators' settings).
   */
  public static int execute(Launcher launcher, PrintWriter out, PrintWriter err, String... args) {
    return execute(launcher, SimulatorSession.forOneCommand(), out, err, args);
  }

  /**
   * The subcommands a run of {@code args} needs: only the one it names when that is certain, that
   * is when everything before it is {@code --plugins DIR}; all of them otherwise ({@code --help},
   * {@code help}, no command, a mistyped one, an unknown option first), so that usage, errors and
   * suggestions are what the full command line gives.
   */
  static Collection<String> commandsFor(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals(PluginFolder.OPTION)) {
        // Picocli refuses a command name as the folder; the full command line reports that.
        if (i + 1 >= args.length || COMMANDS.containsKey(args[i + 1])) {
          return COMMANDS.keySet();
        }
        i++;
      } else if (arg.startsWith(PluginFolder.OPTION + "=")) {
        continue;
      } else if (COMMANDS.containsKey(arg) && !arg.equals(HELP)) {
        return List.of(arg);
      } else {
        return COMMANDS.keySet();
      }
    }
    return COMMANDS.keySet();
  }

  /** A launcher that always returns the supplied runtime, whatever it is asked for. */
  private static Launcher fixed(Supplier<GenportRuntime> runtime) {
    Supplier<GenportRuntime> once = memoize(runtime);
    return new Launcher() {
      @Override
      public io.genport.bootstrap.ProviderSetup setup(
          java.util.Map<String, String> extraEnvironment) {
        // This runtime cannot be restarted against simulators, so nothing is judged simulatable.
        return io.genport.bootstrap.ProviderSetup.unknown();
      }

      @Override
      public GenportRuntime start() {
        return once.get();
      }

      @Override
      public GenportRuntime start(
          io.genport.spi.http.HttpTransport transport,
          java.util.Map<String, String> extraEnvironment,
          io.genport.spi.Credentials credentials) {
        return once.get();
      }
    };
  }

  /** The configured picocli command line, for embedding and tests. */
  public static CommandLine commandLine(
      Supplier<GenportRuntime> runtime, PrintWriter out, PrintWriter err) {
    return commandLine(fixed(runtime), out, err);
  }

  /**
   * The configured picocli command line over a launcher; the simulators a command starts stop when
   * it ends.
   */
  public static CommandLine commandLine(Launcher launcher, PrintWriter out, PrintWriter err) {
    return commandLine(launcher, SimulatorSession.forOneCommand(), out, err);
  }

  /** The configured picocli command line over a launcher and a simulator session. */
  public static CommandLine commandLine(
      Launcher launcher, SimulatorSession session, PrintWriter out, PrintWriter err) {
    return commandLine(
        launcher, session, SimulatorsCommand.StopSignal.untilInterrupted(), out, err);
  }

  /**
   * The configured picocli command line, with {@code stop} saying when {@code genport simulators}
   * stops serving (tests stop it; the process serves until interrupted).
   */
  public static CommandLine commandLine(
      Launcher launcher,
      SimulatorSession session,
      SimulatorsCommand.StopSignal stop,
      PrintWriter out,
      PrintWriter err) {
    return commandLine(launcher, session, stop, out, err, COMMANDS.keySet());
  }

  private static CommandLine commandLine(
      Launcher launcher,
      SimulatorSession session,
      SimulatorsCommand.StopSignal stop,
      PrintWriter out,
      PrintWriter err,
      Collection<String> commands) {
    ChosenPlugins plugins = new ChosenPlugins(launcher);
    CommandLine cl =
        new CommandLine(new GenportCommand(plugins), new Factory(plugins, session, stop));
    // Registered before the streams and handlers are set, which picocli passes on to the
    // subcommands it has.
    for (String name : commands) {
      cl.addSubcommand(name, COMMANDS.get(name));
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(Cli.parameterErrors());
    cl.setExecutionExceptionHandler(Cli.executionErrors());
    return cl;
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    requireNonNull(supplier, "supplier is null");
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = requireNonNull(supplier.get(), "runtime supplier returned null");
        }
        return value;
      }
    };
  }

  /** Creates the commands that need the application; picocli's default for the rest. */
  private static final class Factory implements IFactory {
    private final Launcher launcher;
    private final SimulatorSession session;
    private final Supplier<GenportRuntime> offline;
    private final IFactory fallback = CommandLine.defaultFactory();

    private final SimulatorsCommand.StopSignal stop;

    Factory(Launcher launcher, SimulatorSession session, SimulatorsCommand.StopSignal stop) {
      this.launcher = launcher;
      this.stop = requireNonNull(stop, "stop is null");
      this.session = requireNonNull(session, "session is null");
      this.offline = memoize(launcher::start);
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == ExplainCommand.class) {
        return cls.cast(new ExplainCommand(offline));
      }
      if (cls == ProvidersCommand.class) {
        return cls.cast(new ProvidersCommand(offline));
      }
      if (cls == ModelsCommand.class) {
        return cls.cast(new ModelsCommand(offline));
      }
      if (cls == GenerateCommand.class) {
        return cls.cast(new GenerateCommand(launcher, session));
      }
      if (cls == StatusCommand.class) {
        return cls.cast(new StatusCommand(launcher, session));
      }
      if (cls == WaitCommand.class) {
        return cls.cast(new WaitCommand(launcher, session));
      }
      if (cls == CancelCommand.class) {
        return cls.cast(new CancelCommand(launcher, session));
      }
      if (cls == SimulatorsCommand.class) {
        return cls.cast(new SimulatorsCommand(launcher, stop));
      }
      if (cls == BatchCommand.class) {
        return cls.cast(new BatchCommand(launcher));
      }
      return fallback.create(cls);
    }
  }

  /** The version from the jar's manifest, when there is one. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GenportCommand.class.getPackage().getImplementationVersion();
      return new String[] {"genport " + (v == null ? "(development build)" : v)};
    }
  }
}
