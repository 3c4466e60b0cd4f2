package io.genport.spitck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a contract test that runs only when the harness {@linkplain
 * ProviderHarness#supports(ProviderCapability) supports} (or, with {@code supported = false},
 * lacks) one capability. The gate itself is an {@link org.junit.jupiter.api.Assumptions assumption}
 * at the start of the test; the annotation documents it and lets the kit check that every
 * capability has both a positive and a negative test, and that negative tests are named {@code
 * *WhenUnsupported}.
 *
 * @since 1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CapabilityGate {
  /** The capability the test depends on. */
  ProviderCapability value();

  /** {@code true}: runs when supported; {@code false}: runs when unsupported. */
  boolean supported() default true;
}
