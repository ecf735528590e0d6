package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EffectsDiffTest {
  @Test
  void describe_listsMissingAndExtraElementsWithCounts() {
    assertThat(EffectsDiff.describe(List.of("a", "b", "c"), List.of("a", "b", "b", "b", "d")))
        .contains("missing [c]; extra [2x b, d]");
  }

  @Test
  void describe_saysWhenOnlyTheOrderDiffers() {
    assertThat(EffectsDiff.describe(List.of("a", "b", "c"), List.of("a", "c", "b")))
        .contains("the same elements in another order; first at index 1: expected b, got c");
  }

  @Test
  void describe_comparesMapsByKey() {
    assertThat(EffectsDiff.describe(Map.of("o-1", 100, "o-2", 200), Map.of("o-2", 400, "o-3", 300)))
        .contains("missing keys [o-1]; extra entries [o-3=300]; changed o-2 from 200 to 400");
  }

  @Test
  void describe_comparesSetsAsCollections() {
    assertThat(EffectsDiff.describe(Set.of("a"), Set.of("b"))).contains("missing [a]; extra [b]");
  }

  @Test
  void describe_saysNothingAboutOtherValues() {
    assertThat(EffectsDiff.describe(1, 2)).isEmpty();
    assertThat(EffectsDiff.describe(List.of(1), Map.of())).isEmpty();
  }

  @Test
  void describe_shortensLongLists() {
    assertThat(EffectsDiff.describe(List.of(), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
        .contains("extra [1, 2, 3, 4, 5, 6, 7, 8] and 2 more");
  }
}
