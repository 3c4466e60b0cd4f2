package io.genport.archfixtures.toolkitallowlist.core.application;

/** Target of {@code ToolkitUsingApplication}. */
public final class Router {}
