package io.genport.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genport.core.domain.InvalidRequestException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NativeParamTest {
  @Test
  void withoutProviderAppliesToEveryProvider() {
    NativeParam p = NativeParam.parse("lora_scale=0.5");
    assertNull(p.provider());
    assertEquals("lora_scale", p.key());
    assertEquals(0.5, p.value());
  }

  @Test
  void providerPrefixAndValuesContainingSeparators() {
    NativeParam p = NativeParam.parse("fal:image_url=https://x.test/a.png?b=c");
    assertEquals("fal", p.provider());
    assertEquals("image_url", p.key());
    assertEquals("https://x.test/a.png?b=c", p.value());
  }

  @Test
  void valuesAreJsonNumbersAndBooleansWhenTheyLookLikeOne() {
    assertEquals(42L, NativeParam.value("42"));
    assertEquals(-7L, NativeParam.value("-7"));
    assertEquals(1000.0, NativeParam.value("1e3"));
    assertEquals(
        new BigDecimal("123456789012345678901234567890"),
        NativeParam.value("123456789012345678901234567890"));
    assertEquals(Boolean.TRUE, NativeParam.value("true"));
    assertEquals(Boolean.FALSE, NativeParam.value("false"));
    assertEquals("True", NativeParam.value("True"));
    assertEquals("007", NativeParam.value("007"));
    assertEquals("1.", NativeParam.value("1."));
    assertEquals("", NativeParam.value(""));
    assertEquals("0x10", NativeParam.value("0x10"));
  }

  @Test
  void malformedIsRejectedNamingParam() {
    assertEquals(
        "param",
        assertThrows(InvalidRequestException.class, () -> NativeParam.parse("novalue")).field());
    assertEquals(
        "param",
        assertThrows(InvalidRequestException.class, () -> NativeParam.parse("=1")).field());
    assertEquals(
        "param",
        assertThrows(InvalidRequestException.class, () -> NativeParam.parse("fal:=1")).field());
  }
}
