package dev.herald.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void check_acceptsLettersDigitsDotsDashesUnderscores() {
    assertThat(Names.check("topic", "shop.order_v2-x")).isEqualTo("shop.order_v2-x");
  }

  @Test
  void check_rejectsSpacesSlashesEmptyAndTooLong() {
    for (String bad : new String[] {"", "a b", "a/b", "x".repeat(201), null}) {
      assertThatThrownBy(() -> Names.check("topic", bad))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("topic name")
          .hasMessageContaining("1 to 200 letters");
    }
  }
}
