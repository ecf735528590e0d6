package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static RetryPolicy.Builder exponential() {
    return RetryPolicy.builder()
        .initialDelay(Duration.ofMillis(100))
        .multiplier(2)
        .maxDelay(Duration.ofSeconds(10));
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    RetryPolicy defaults = RetryPolicy.defaults();
    assertThat(defaults.maxAttempts()).isEqualTo(5);
    assertThat(defaults.initialDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.multiplier()).isEqualTo(2.0);
    assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.jitter()).isEqualTo(RetryPolicy.Jitter.FULL);
    assertThat(defaults.maxElapsed()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.retryOn()).isEmpty();
    assertThat(defaults.noRetryOn()).isEmpty();
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void delay_withoutJitter_growsByTheMultiplierUpToTheMaximum() {
    RetryPolicy policy = exponential().jitter(RetryPolicy.Jitter.NONE).build();
    List<Long> millis = new ArrayList<>();
    for (int attempt = 1; attempt <= 10; attempt++) {
      millis.add(policy.delay(attempt, new Random(1)).toMillis());
    }
    assertThat(millis)
        .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L, 10_000L);
  }

  @Test
  void delay_fullJitter_staysBetweenZeroAndTheExponentialDelay() {
    RetryPolicy policy = exponential().jitter(RetryPolicy.Jitter.FULL).build();
    Random random = new Random(42);
    for (int attempt = 1; attempt <= 10; attempt++) {
      long base = Math.min(100L << (attempt - 1), 10_000L);
      long smallest = Long.MAX_VALUE;
      long largest = 0;
      for (int i = 0; i < 2_000; i++) {
        long nanos = policy.delay(attempt, random).toNanos();
        assertThat(nanos).isBetween(0L, Duration.ofMillis(base).toNanos());
        smallest = Math.min(smallest, nanos);
        largest = Math.max(largest, nanos);
      }
      // spread over the whole range, not clustered at one end
      assertThat(smallest).isLessThan(Duration.ofMillis(base).toNanos() / 10);
      assertThat(largest).isGreaterThan(Duration.ofMillis(base).toNanos() * 9 / 10);
    }
  }

  @Test
  void delay_equalJitter_staysBetweenHalfAndAllOfTheExponentialDelay() {
    RetryPolicy policy = exponential().jitter(RetryPolicy.Jitter.EQUAL).build();
    Random random = new Random(7);
    for (int attempt = 1; attempt <= 10; attempt++) {
      long base = Duration.ofMillis(Math.min(100L << (attempt - 1), 10_000L)).toNanos();
      for (int i = 0; i < 2_000; i++) {
        assertThat(policy.delay(attempt, random).toNanos()).isBetween(base / 2, base);
      }
    }
  }

  @Test
  void delay_isAPureFunctionOfTheAttemptAndTheRandomSeed() {
    RetryPolicy policy = RetryPolicy.defaults();
    Random first = new Random(2026);
    Random second = new Random(2026);
    for (int attempt = 1; attempt <= 20; attempt++) {
      assertThat(policy.delay(attempt, first)).isEqualTo(policy.delay(attempt, second));
    }
    assertThatThrownBy(() -> policy.delay(0, new Random()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isRetryable_followsRetryOnAndNoRetryOn_alsoForCauses() {
    RetryPolicy everything = RetryPolicy.defaults();
    assertThat(everything.isRetryable(new IllegalStateException())).isTrue();

    RetryPolicy picky =
        RetryPolicy.builder()
            .retryOn(IOException.class, IllegalStateException.class)
            .noRetryOn(java.io.FileNotFoundException.class)
            .build();
    assertThat(picky.isRetryable(new IOException("reset"))).isTrue();
    assertThat(picky.isRetryable(new UncheckedIOException(new IOException("wrapped")))).isTrue();
    assertThat(picky.isRetryable(new java.io.FileNotFoundException("gone"))).isFalse();
    assertThat(picky.isRetryable(new IllegalArgumentException("bad input"))).isFalse();

    RetryPolicy noRetry = RetryPolicy.builder().noRetryOn(IllegalArgumentException.class).build();
    assertThat(noRetry.isRetryable(new RuntimeException(new IllegalArgumentException()))).isFalse();
    assertThat(noRetry.isRetryable(new IllegalStateException())).isTrue();
  }

  @Test
  void isRetryable_neverForDecodeFailures() {
    Envelope envelope = Envelope.builder().id("e").source("s").type("t.x").build();
    DecodeException decode = new DecodeException(envelope, "bad", null);
    RetryPolicy retryAll = RetryPolicy.builder().retryOn(RuntimeException.class).build();
    assertThat(retryAll.isRetryable(decode)).isFalse();
    assertThat(retryAll.isRetryable(new RuntimeException(decode))).isFalse();
  }

  @Test
  void build_rejectsInvalidAndConflictingSettings() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ZERO).build())
        .hasMessageContaining("initialDelay");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialDelay(Duration.ofSeconds(5))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("raise maxDelay");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .retryOn(IOException.class)
                    .noRetryOn(IOException.class)
                    .build())
        .hasMessageContaining("both retryOn and noRetryOn");
  }

  @Test
  void toBuilder_keepsEverySetting() {
    RetryPolicy policy =
        exponential()
            .maxAttempts(3)
            .jitter(RetryPolicy.Jitter.EQUAL)
            .maxElapsed(Duration.ofSeconds(9))
            .noRetryOn(IllegalArgumentException.class)
            .build();
    assertThat(policy.toBuilder().build()).isEqualTo(policy);
  }
}
