package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreBenchOptionsTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @TempDir Path temp;

  private static EventStoreBenchOptions options(
      Duration duration, List<String> sides, Optional<Path> directory, Optional<String> pgUrl) {
    return new EventStoreBenchOptions(duration, 1, sides, directory, pgUrl);
  }

  private static EventStoreBenchOptions withSides(List<String> sides) {
    return options(Duration.ofSeconds(1), sides, Optional.empty(), Optional.empty());
  }

  @Test
  void defaults_runEverySideForThreeSecondsThreeTimesOnAnEmbeddedPostgres() {
    EventStoreBenchOptions defaults = EventStoreBenchOptions.defaults();

    assertThat(defaults.sides())
        .containsExactly("embedded-never", "embedded-always", "postgres", "jdbc");
    assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(defaults.warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.rounds()).isEqualTo(3);
    assertThat(defaults.directory()).isEmpty();
    assertThat(defaults.pgUrl()).isEmpty();
    assertThat(defaults.loads())
        .extracting(AppendLoad::label)
        .containsExactly(
            "1 event, 1 writer",
            "1 event, 16 writers",
            "100 events, 1 writer",
            "100 events, 4 writers");
  }

  @Test
  void warmup_isAThirdOfAShortDuration() {
    assertThat(withSides(List.of("jdbc")).warmup()).isEqualTo(Duration.ofNanos(333_333_333));
  }

  @Test
  void sides_anyOrder_areKeptInTheTablesOrder() {
    assertThat(withSides(List.of("jdbc", "embedded-never", "postgres")).sides())
        .containsExactly("embedded-never", "postgres", "jdbc");
  }

  @Test
  void sides_unknownTwiceOrNone_areRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> withSides(List.of("postgres", "mysql")))
        .isInstanceOf(HeraldException.class)
        .hasMessage(
            "'mysql' is not a side; the sides are embedded-never, embedded-always, postgres, jdbc");
    assertThatThrownBy(() -> withSides(List.of("jdbc", "jdbc")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("give each side once");
    assertThatThrownBy(() -> withSides(List.of()))
        .isInstanceOf(HeraldException.class)
        .hasMessageStartingWith("give the sides to run");
  }

  @Test
  void duration_outOfRange_isRejected() {
    for (Duration duration : List.of(Duration.ofMillis(99), Duration.ofHours(2))) {
      assertThatThrownBy(
              () -> options(duration, List.of("jdbc"), Optional.empty(), Optional.empty()))
          .isInstanceOf(HeraldException.class)
          .hasMessageStartingWith("the duration of a measurement must be from 100 ms to 1 hour");
    }
  }

  @Test
  void pgUrl_notJdbc_isRejectedWithAnExample() {
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    List.of("postgres"),
                    Optional.empty(),
                    Optional.of("postgresql://127.0.0.1/test")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("must be a JDBC URL starting with jdbc:postgresql:")
        .hasMessageContaining("such as jdbc:postgresql://");
  }

  @Test
  void pgUrl_withoutAPostgresSide_isRejectedAsConflicting() {
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    List.of("embedded-never"),
                    Optional.empty(),
                    Optional.of(URL)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("neither the postgres nor the jdbc side runs");
    assertThat(
            options(Duration.ofSeconds(1), List.of("jdbc"), Optional.empty(), Optional.of(URL))
                .pgUrl())
        .contains(URL);
  }

  @Test
  void directory_withoutAnEmbeddedSide_isRejectedAsConflicting() {
    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    List.of("postgres"),
                    Optional.of(temp),
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("no embedded side runs");
  }

  @Test
  void directory_missing_isRejectedBeforeAnythingRuns() {
    Path missing = temp.resolve("not-there");

    assertThatThrownBy(
            () ->
                options(
                    Duration.ofSeconds(1),
                    List.of("embedded-always"),
                    Optional.of(missing),
                    Optional.empty()))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(missing + " is not an existing directory");
  }

  @Test
  void directory_existing_isWhereTheStoresGo() {
    assertThat(
            options(
                    Duration.ofSeconds(1),
                    List.of("embedded-never"),
                    Optional.of(temp),
                    Optional.empty())
                .parentDirectory())
        .isEqualTo(temp);
  }
}
