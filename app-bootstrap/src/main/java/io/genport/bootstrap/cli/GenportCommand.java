package io.genport.bootstrap.cli;

/** Placeholder entry point; replaced by the command line. */
public final class GenportCommand {
  private GenportCommand() {}

  public static void main(String[] args) {
    System.out.println("genport");
  }
}
