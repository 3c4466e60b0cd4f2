package io.genport.archfixtures.corelayering.core.domain;

/** Valid (domain rule): JDK and domain only. */
public record PureValue(String text) {}
