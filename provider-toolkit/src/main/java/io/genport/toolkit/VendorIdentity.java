package io.genport.toolkit;

import static java.util.Objects.requireNonNull;

/**
 * Who a catalog-backed provider is: the facts its factory would otherwise spell out in four
 * overrides. Cheap to build, so a factory's no-argument constructor may make one.
 *
 * @param name the provider's stable lower-case name, the prefix of its targets
 * @param displayName the vendor's name as messages show it, e.g. {@code Each Labs}
 * @param description a one-line description, e.g. {@code Each Labs predictions API}
 * @param credential how the vendor takes its credential
 * @param catalogResource the catalog resource as {@link Class#getResource} takes it from the
 *     factory's class: a name next to the factory ({@code acme-catalog.json}) or an absolute path
 *     with a leading {@code /}
 */
public record VendorIdentity(
    String name,
    String displayName,
    String description,
    CredentialScheme credential,
    String catalogResource) {
  public VendorIdentity {
    requireNonNull(name, "name is null");
    requireNonNull(displayName, "displayName is null");
    requireNonNull(description, "description is null");
    requireNonNull(credential, "credential is null");
    requireNonNull(catalogResource, "catalogResource is null");
  }
}
