package dev.herald.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogSettingsTest {
  @Test
  void parse_defaults() {
    LogSettings settings = LogSettings.parse("log:./data");

    assertThat(settings.directory()).isEqualTo(Path.of("./data"));
    assertThat(settings.partitions()).isEqualTo(4);
    assertThat(settings.durability()).isEqualTo(Durability.always());
    assertThat(settings.segmentBytes()).isEqualTo(64L << 20);
    assertThat(settings.retentionBytes()).isEqualTo(-1);
    assertThat(settings.retentionMs()).isEqualTo(-1);
  }

  @Test
  void parse_everyOption() {
    LogSettings settings =
        LogSettings.parse(
            "log:/tmp/d?partitions=8&fsync=interval:250&segment.bytes=1048576"
                + "&retention.bytes=10485760&retention.ms=3600000");

    assertThat(settings.directory()).isEqualTo(Path.of("/tmp/d"));
    assertThat(settings.partitions()).isEqualTo(8);
    assertThat(settings.durability()).isEqualTo(Durability.interval(Duration.ofMillis(250)));
    assertThat(settings.segmentBytes()).isEqualTo(1 << 20);
    assertThat(settings.retentionBytes()).isEqualTo(10 << 20);
    assertThat(settings.retentionMs()).isEqualTo(3_600_000);
    assertThat(LogSettings.parse("log:d?fsync=never").durability()).isEqualTo(Durability.never());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "log:./d?partition=8                | unknown option 'partition'",
        "log:./d?partitions=8&color=red     | unknown option 'color'",
        "log:./d?partitions                 | option 'partitions' in 'log:./d?partitions' has no value",
        "log:./d?partitions=                | has no value",
        "log:./d?partitions=eight           | partitions=eight is not a whole number",
        "log:./d?partitions=0               | partitions=0 must be from 1 to 1024",
        "log:./d?partitions=5000            | partitions=5000 must be from 1 to 1024",
        "log:./d?partitions=1&partitions=2  | option 'partitions' appears twice",
        "log:./d?fsync=sometimes            | fsync=sometimes is not one of always, never or interval:MS",
        "log:./d?fsync=interval:0           | fsync=interval:0 is not one of",
        "log:./d?fsync=interval:soon        | fsync=interval:soon is not one of",
        "log:./d?segment.bytes=10           | segment.bytes=10 must be from 1024 to 1073741824",
        "log:./d?retention.bytes=-5         | retention.bytes=-5 must be 0 or more, or -1",
        "log:./d?retention.ms=0             | retention.ms=0 must be 1 or more, or -1",
        "log:                               | names no directory",
        "log:?partitions=2                  | names no directory",
        "kafka://localhost:9092             | is not a log: URI",
      })
  void parse_rejectsBadInputSayingWhatIsWrong(String uri, String message) {
    assertThatThrownBy(() -> LogSettings.parse(uri))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(message);
  }
}
