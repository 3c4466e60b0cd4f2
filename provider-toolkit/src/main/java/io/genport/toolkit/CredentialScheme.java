package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

/**
 * How a vendor takes its credential: which variable holds it and which header carries it.
 *
 * @param name the credential's name as the host looks it up, e.g. {@code FAL_KEY}; {@code null} for
 *     a vendor that takes no credential (a self-hosted server)
 * @param header the header that carries it, e.g. {@code Authorization}; {@code null} with no name
 * @param prefix what precedes the value in the header, e.g. {@code "Bearer "}; may be empty
 * @param whereToGetOne appended to the "no credential" message, e.g. {@code " (create a key at
 *     ...)"}; may be empty
 */
public record CredentialScheme(String name, String header, String prefix, String whereToGetOne) {
  public CredentialScheme {
    if ((name == null) != (header == null)) {
      throw new IllegalArgumentException("a credential needs both a name and a header");
    }
    prefix = prefix == null ? "" : prefix;
    whereToGetOne = whereToGetOne == null ? "" : whereToGetOne;
  }

  /** {@code Authorization: Bearer <value>}. */
  public static CredentialScheme bearer(String name, String whereToGetOne) {
    return new CredentialScheme(requireNonNull(name), "Authorization", "Bearer ", whereToGetOne);
  }

  /** The value alone in {@code header}. */
  public static CredentialScheme header(String name, String header, String whereToGetOne) {
    return new CredentialScheme(requireNonNull(name), requireNonNull(header), "", whereToGetOne);
  }

  /** No credential at all. */
  public static CredentialScheme none() {
    return new CredentialScheme(null, null, "", "");
  }

  /** Whether the vendor takes a credential. */
  public boolean required() {
    return name != null;
  }
}
