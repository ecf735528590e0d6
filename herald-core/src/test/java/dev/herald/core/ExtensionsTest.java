package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExtensionsTest {
  @Test
  void keepsEntriesInNameOrderWhateverOrderTheyCameIn() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("zeta", "1");
    given.put("alpha", "2");
    given.put("mid", "3");

    Extensions extensions = Extensions.copyOf(given);

    assertThat(extensions.keySet()).containsExactly("alpha", "mid", "zeta");
    assertThat(extensions).isEqualTo(new TreeMap<>(given)).hasSameHashCodeAs(new TreeMap<>(given));
    assertThat(extensions).hasToString("{alpha=2, mid=3, zeta=1}");
    assertThat(extensions.get("mid")).isEqualTo("3");
    assertThat(extensions.get("other")).isNull();
    assertThat(extensions.containsKey("zeta")).isTrue();
  }

  @Test
  void aNamePutAgainReplacesItsValueAndRemoveTakesItOut() {
    Extensions.Sorted sorted = new Extensions.Sorted(1);
    sorted.put("b", "1");
    sorted.put("a", "2");
    sorted.put("c", "3");
    sorted.put("b", "4");
    sorted.remove("a");
    sorted.remove("absent");

    assertThat(sorted.build()).containsExactly(Map.entry("b", "4"), Map.entry("c", "3"));
  }

  @Test
  void cannotBeChanged() {
    Extensions extensions = Extensions.copyOf(Map.of("a", "1"));

    assertThatThrownBy(() -> extensions.put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> extensions.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> extensions.keySet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anEnvelopeBuiltWithANullExtensionNameIsRefusedWithTheRule() {
    assertThatThrownBy(() -> Envelope.builder().extension(null, "x"))
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("extension names are 1 to 20 lower-case letters or digits");
  }
}
