/**
 * Application services: the implementation of {@link io.genport.core.port.ImageGeneration} on top
 * of {@link io.genport.core.port.ImageProvider}s — planning, starting, polling, cancelling, job
 * handles. JDK and slf4j only.
 */
package io.genport.core.application;
