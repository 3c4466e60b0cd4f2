package io.genport.archfixtures.modulemap.core.domain.negotiation;

/** Valid: a sub-package of a module. */
public final class Negotiator {}
