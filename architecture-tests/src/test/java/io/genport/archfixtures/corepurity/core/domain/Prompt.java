package io.genport.archfixtures.corepurity.core.domain;

import java.util.List;

/** Valid: JDK only. */
public record Prompt(String text, List<String> negative, int[] size) {}
