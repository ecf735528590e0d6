package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreUriTest {
  @Test
  void parse_log_isTheDirectory() {
    StoreUri uri = StoreUri.parse("log:herald-data/payments/store");

    assertThat(uri.directory()).contains(Path.of("herald-data/payments/store"));
    assertThat(uri.schema()).isEmpty();
  }

  @Test
  void parse_postgresWithoutASchema_usesHerald() {
    StoreUri uri = StoreUri.parse("jdbc:postgresql://127.0.0.1:5432/shop?user=shop");

    assertThat(uri.schema()).contains("herald");
    assertThat(uri.directory()).isEmpty();
  }

  @Test
  void parse_postgresWithCurrentSchema_keepsTheTablesThere() {
    assertThat(StoreUri.parse("jdbc:postgresql://db/shop?user=shop&currentSchema=shop_2").schema())
        .contains("shop_2");
  }

  @Test
  void parse_currentSchemaHeraldCannotUse_isBadInput() {
    assertThatThrownBy(() -> StoreUri.parse("jdbc:postgresql://db/shop?currentSchema=a,b"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--store: currentSchema 'a,b' is not one schema");
  }

  @Test
  void describe_hidesThePassword() {
    assertThat(StoreUri.parse("jdbc:postgresql://db/shop?user=u&password=hush").describe())
        .isEqualTo("jdbc:postgresql://db/shop?user=u&password=***");
  }
}
