package io.genport.spitck.seed;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The maintainer tool that derives a seed table: reads a seed document given by its path, in any
 * {@link SeedFormat}, and writes the canonical JSON of {@link SeedTables#toJson}. See the
 * {@linkplain io.genport.spitck.seed package documentation} for the commands that regenerate each
 * table.
 *
 * <pre>
 * SeedTableTool [--slug S] [--title T] [--out FILE | --check FILE] SEED_FILE
 * </pre>
 *
 * <ul>
 *   <li>{@code --slug}, {@code --title}: the model's slug and title, for formats that do not state
 *       them (the reader refuses them for formats that do);
 *   <li>{@code --out FILE}: write the table there (atomically) instead of to standard output;
 *   <li>{@code --check FILE}: write nothing; exit 1 when {@code FILE} differs from the table the
 *       seed yields (the committed table is stale or was edited by hand).
 * </ul>
 *
 * <p>It needs nothing but the JDK and this module's classes, so after {@code mvn -o -q compile -pl
 * spi-tck -am} it runs as {@code java -cp spi-tck/target/classes
 * io.genport.spitck.seed.SeedTableTool ...}.
 *
 * <p>Exit status: 0 done, 1 {@code --check} found a difference, 2 bad arguments or an unreadable or
 * malformed seed document.
 */
public final class SeedTableTool {
  private SeedTableTool() {}

  /** Runs the tool and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the tool.
   *
   * @return the exit status (see the class documentation)
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String slug = null;
    String title = null;
    Path target = null;
    Path check = null;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean takesValue =
          a.equals("--slug") || a.equals("--title") || a.equals("--out") || a.equals("--check");
      if (takesValue && i + 1 >= args.length) {
        return usage(err, a + " needs a value");
      }
      switch (a) {
        case "--slug" -> slug = args[++i];
        case "--title" -> title = args[++i];
        case "--out" -> target = Paths.get(args[++i]);
        case "--check" -> check = Paths.get(args[++i]);
        default -> {
          if (a.startsWith("--")) {
            return usage(err, "unknown option " + a);
          }
          files.add(a);
        }
      }
    }
    if (files.size() != 1) {
      return usage(err, "give exactly one seed file");
    }
    if (target != null && check != null) {
      return usage(err, "--out and --check exclude each other");
    }
    String json;
    try {
      json = SeedTableWriter.write(SeedModelTables.read(Paths.get(files.get(0)), slug, title));
    } catch (SeedFormatException e) {
      err.println("seed-table: " + e.getMessage());
      return 2;
    } catch (java.io.UncheckedIOException e) {
      err.println("seed-table: " + e.getMessage() + ": " + e.getCause().getMessage());
      return 2;
    }
    try {
      if (check != null) {
        String current = Files.readString(check, StandardCharsets.UTF_8);
        if (!current.equals(json)) {
          err.println(
              "seed-table: " + check + " differs from the table " + files.get(0) + " yields");
          return 1;
        }
        err.println("seed-table: " + check + " is up to date");
        return 0;
      }
      if (target == null) {
        out.print(json);
        out.flush();
        return 0;
      }
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve(target.getFileName() + ".tmp");
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      err.println("seed-table: wrote " + target);
      return 0;
    } catch (IOException e) {
      err.println("seed-table: " + e);
      return 2;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("seed-table: " + problem);
    err.println(
        "usage: SeedTableTool [--slug S] [--title T] [--out FILE | --check FILE] SEED_FILE");
    return 2;
  }
}
