/**
 * The GenPort provider conformance kit (TCK). It lives in {@code src/main/java} so that a
 * third-party provider plugin can depend on it and run the same checks as the built-in providers.
 *
 * <p>{@link io.genport.spitck.seed} reads the project's seed documents (the vendor parameter tables
 * every model catalog is built from) and compares catalog entries with them.
 */
package io.genport.spitck;
