package io.genport.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genport.core.domain.InvalidRequestException;
import io.genport.spi.catalog.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogLookupTest {
  private final ModelCatalog catalog = TestCatalog.catalog();
  private final CatalogLookup lookup = new CatalogLookup(catalog, "Acme");

  @Test
  void theIdsAreTheListedModelsInCatalogOrderWithoutTheGenericEntry() {
    assertEquals(List.of("tiny", "generic", "plain"), List.copyOf(catalog.models().keySet()));

    assertEquals(List.of("tiny", "plain"), lookup.ids());
    assertSame(catalog, lookup.catalog());
  }

  @Test
  void aListedModelIsFoundByIdOrEndpoint() {
    assertSame(catalog.models().get("tiny"), lookup.listed("tiny"));
    assertSame(catalog.models().get("tiny"), lookup.listed("acme/tiny"));
    assertSame(catalog.models().get("plain"), lookup.listed("plain"));
  }

  @Test
  void theGenericEntryIsNotAListedModel() {
    assertNull(lookup.listed("generic"));
    assertNull(lookup.listed("owner/unlisted"));
  }

  @Test
  void anUnlistedModelIsDescribedByTheGenericEntry() {
    assertSame(catalog.models().get("generic"), lookup.generic("owner/unlisted"));
  }

  @Test
  void anUnknownModelListsTheCatalogIdsWithoutGeneric() {
    assertEquals(
        "model: 'nope' is not in the Acme catalog; catalog models: tiny, plain",
        lookup.unknown("nope", null).getMessage());
    InvalidRequestException e = lookup.unknown("no pe", "an Acme model id (owner/name)");
    assertEquals("model", e.field());
    assertEquals(
        "model: 'no pe' is neither in the Acme catalog nor an Acme model id (owner/name);"
            + " catalog models: tiny, plain",
        e.getMessage());
  }

  @Test
  void withoutAGenericEntryAnUnlistedModelIsUnknown() {
    ModelCatalog listedOnly =
        ModelCatalog.of(
            "acme", List.of(catalog.models().get("tiny"), catalog.models().get("plain")));
    CatalogLookup strict = new CatalogLookup(listedOnly, "Acme");

    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> strict.generic("owner/unlisted"));

    assertEquals("model", e.field());
    assertEquals(
        "model: 'owner/unlisted' is not in the Acme catalog; catalog models: tiny, plain",
        e.getMessage());
  }
}
