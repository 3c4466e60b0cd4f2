package io.genport.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Collects the harness's tables and prints them as Markdown, ready for the README. */
final class Report {
  private final PrintStream out;
  private final List<Table> tables = new ArrayList<>();

  Report(PrintStream out) {
    this.out = out;
  }

  /** Starts a table; its rows are printed as they are added, the whole table again at the end. */
  Table table(String title, String... columns) {
    Table t = new Table(title, List.of(columns));
    tables.add(t);
    out.println();
    out.println("### " + title);
    out.println();
    out.println(t.line(t.columns));
    out.println(t.separator());
    return t;
  }

  List<Table> tables() {
    return List.copyOf(tables);
  }

  /** One table of the report. */
  final class Table {
    final String title;
    final List<String> columns;
    final List<List<String>> rows = new ArrayList<>();

    private Table(String title, List<String> columns) {
      this.title = title;
      this.columns = columns;
    }

    /** Adds (and prints) a row; one cell per column. */
    void row(Object... cells) {
      if (cells.length != columns.size()) {
        throw new IllegalArgumentException(
            "table '" + title + "' has " + columns.size() + " columns, got " + cells.length);
      }
      List<String> r = new ArrayList<>();
      for (Object c : cells) {
        r.add(String.valueOf(c));
      }
      rows.add(r);
      out.println(line(r));
      out.flush();
    }

    String line(List<String> cells) {
      return "| " + String.join(" | ", cells) + " |";
    }

    String separator() {
      StringBuilder b = new StringBuilder("|");
      for (int i = 0; i < columns.size(); i++) {
        b.append(i < 2 ? "---|" : "---:|");
      }
      return b.toString();
    }
  }
}
