package io.genport.redis;

/**
 * Redis refused the user or password of its URL. Raised once, at start; the message names the
 * setting to fix and never contains the password.
 */
public class RedisAuthenticationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public RedisAuthenticationException(String message) {
    super(message);
  }
}
