package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeInputTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private static Instant parse(String text) {
    return TimeInput.parse("--since", text, NOW);
  }

  @Test
  void parse_rfc3339Instants() {
    assertThat(parse("2026-11-24T10:00:00Z")).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(parse("2026-11-24T11:00:00+01:00")).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(parse("2026-11-24t10:00:00.250z"))
        .isEqualTo(Instant.parse("2026-11-24T10:00:00.250Z"));
    assertThat(parse("2026-11-24 10:00:00Z")).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
  }

  @Test
  void parse_durationsCountBackFromNow() {
    assertThat(parse("10m")).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    assertThat(parse("2h ago")).isEqualTo(NOW.minus(Duration.ofHours(2)));
    assertThat(parse("2h  AGO")).isEqualTo(NOW.minus(Duration.ofHours(2)));
    assertThat(parse("7d")).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(parse("PT90M")).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
    assertThat(parse(" 500ms ")).isEqualTo(NOW.minusMillis(500));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "", "ago", "0m", "-1h", "2026-11-24"})
  void parse_rejectsWhatIsNoTime(String text) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "--since: '"
                + text
                + "' is not a time; give an RFC 3339 instant such as 2026-11-24T10:00:00Z, or a"
                + " time back from now such as 10m, 2h, 2h ago or 7d");
  }
}
