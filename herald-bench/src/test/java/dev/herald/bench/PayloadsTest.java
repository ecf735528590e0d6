package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Codec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadsTest {
  @ParameterizedTest
  @ValueSource(ints = {100, 1024, 4096})
  void bothSides_carryExactlyTheSizeAskedFor(int size) {
    Payloads payloads = new Payloads(size, 100);

    for (long sequence : new long[] {0, 9, 10, 123_456, 99_999_999}) {
      for (long nanos : new long[] {0, -5, System.nanoTime(), Long.MAX_VALUE, Long.MIN_VALUE}) {
        BenchEvent event = payloads.event(99, sequence, nanos);
        assertThat(Codec.json().encode(event)).hasSize(size);
        assertThat(payloads.raw(sequence, nanos)).hasSize(size);
      }
    }
  }

  @Test
  void raw_carriesSequenceAndSendTime() {
    Payloads payloads = new Payloads(100, 10);

    byte[] value = payloads.raw(42, -7_000_000_000L);

    assertThat(Payloads.rawSequence(value)).isEqualTo(42);
    assertThat(Payloads.rawSentNanos(value)).isEqualTo(-7_000_000_000L);
  }

  @Test
  void bothSides_useTheSameKeys() {
    Payloads payloads = new Payloads(100, 10);

    assertThat(payloads.event(3, 0, 0).key()).isEqualTo("k-3");
    assertThat(new String(payloads.rawKey(3), StandardCharsets.UTF_8)).isEqualTo("k-3");
  }

  @Test
  void digits_countsSignAndDigits() {
    assertThat(Payloads.digits(0)).isEqualTo(1);
    assertThat(Payloads.digits(-9)).isEqualTo(2);
    assertThat(Payloads.digits(10)).isEqualTo(2);
    assertThat(Payloads.digits(Long.MAX_VALUE)).isEqualTo(19);
    assertThat(Payloads.digits(Long.MIN_VALUE)).isEqualTo(20);
  }
}
