package io.genport.facade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Short answers to a name that was not recognised: at most {@link #MAX_SHOWN} of the known names,
 * the closest first, and how to list the rest, instead of a list of sixty model ids.
 */
public final class Suggestions {
  /** Lists up to this long are shown whole; longer ones are cut to the closest names. */
  public static final int MAX_LISTED = 5;

  /** How many close names are shown at most. */
  public static final int MAX_SHOWN = 3;

  private Suggestions() {}

  /**
   * The names closest to {@code wrong}, best first, at most {@link #MAX_SHOWN}: those within a few
   * edits (a third of its length, at least two) or containing it, ignoring case.
   */
  public static List<String> closest(String wrong, List<String> names) {
    String w = wrong.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, w.length() / 3);
    record Scored(String name, int distance) {}
    List<Scored> close = new ArrayList<>();
    for (String n : names) {
      String l = n.toLowerCase(Locale.ROOT);
      int d = distance(w, l);
      if (d <= limit || (w.length() >= 3 && l.contains(w))) {
        close.add(new Scored(n, d));
      }
    }
    close.sort(
        Comparator.comparingInt(Scored::distance)
            .thenComparingInt(s -> s.name().length())
            .thenComparing(Scored::name));
    return close.stream().limit(MAX_SHOWN).map(Scored::name).toList();
  }

  /**
   * {@code message} with the list of {@code names} it spells out (as {@code a, b, c}) replaced by
   * the names closest to {@code wrong} and {@code howToList}; unchanged when the list is short or
   * not found. The clause that introduced the list ({@code "; catalog models: "}) goes with it.
   *
   * @param howToList e.g. {@code `genport models --provider fal` lists all 33}
   */
  public static String shorten(String message, String wrong, List<String> names, String howToList) {
    if (names.size() <= MAX_LISTED) {
      return message;
    }
    String list = String.join(", ", names);
    int at = message.indexOf(list);
    if (at < 0) {
      return message;
    }
    String head = message.substring(0, at);
    int clause = head.lastIndexOf("; ");
    head = clause >= 0 ? head.substring(0, clause) : head.stripTrailing();
    String tail = message.substring(at + list.length());
    return head + "; " + didYouMean(wrong, names) + "; " + howToList + tail;
  }

  /** {@code closest: a, b} or {@code no close match}. */
  public static String didYouMean(String wrong, List<String> names) {
    List<String> close = closest(wrong, names);
    return close.isEmpty() ? "no close match" : "closest: " + String.join(", ", close);
  }

  /** The Levenshtein distance: insertions, deletions and substitutions. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
