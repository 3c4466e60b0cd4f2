package io.genport.archfixtures.providerforbidden.core.application;

/** Target of {@code AlphaUsingApplication}. */
public final class FailoverService {}
