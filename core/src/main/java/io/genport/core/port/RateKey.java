package io.genport.core.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Whose request rate a token counts against: a vendor and one of its credentials, the credential
 * named by a fingerprint only (two instances with the same key share a bucket; the key itself never
 * leaves the process).
 *
 * @param vendor the provider's name, e.g. {@code fal}
 * @param credential the credential's fingerprint ({@link #fingerprint(String)}), or {@code default}
 *     when the host does not tell credentials apart; letters, digits, {@code . _ -}, at most 64
 */
public record RateKey(String vendor, String credential) {
  public RateKey {
    if (vendor == null || !vendor.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException(
          "rate key vendor '"
              + vendor
              + "' must be lower-case letters, digits, . _ - (at most 64)");
    }
    if (credential == null || !credential.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "rate key credential must be a fingerprint: letters, digits, . _ - (at most 64)");
    }
  }

  /**
   * A fingerprint of a secret: the first 16 hex digits of its SHA-256. Enough to tell a fleet's
   * keys apart, useless for recovering one.
   */
  public static String fingerprint(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("secret to fingerprint is empty");
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return vendor + "/" + credential;
  }
}
