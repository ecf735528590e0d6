package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final CircuitBreaker breaker =
      CircuitBreaker.builder()
          .failureThreshold(3)
          .openFor(Duration.ofSeconds(10))
          .clock(clock)
          .ignore(IllegalArgumentException.class)
          .build();

  private void fail() {
    CircuitBreaker.Permit permit = breaker.tryAcquire().orElseThrow();
    breaker.release(permit, Optional.of(new IllegalStateException("down")), false);
  }

  private void succeed() {
    CircuitBreaker.Permit permit = breaker.tryAcquire().orElseThrow();
    breaker.release(permit, Optional.empty(), false);
  }

  @Test
  void opensAfterThresholdFailuresInARow() {
    fail();
    fail();
    succeed(); // resets the count
    fail();
    fail();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    fail();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isEmpty();
  }

  @Test
  void open_refusesUntilOpenForHasPassed_thenLetsExactlyOneProbeThrough() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(4));
    assertThat(breaker.tryAcquire()).isEmpty();
    assertThat(breaker.waitFor(clock.instant())).isEqualTo(Duration.ofSeconds(6));

    clock.advance(Duration.ofSeconds(6));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    Optional<CircuitBreaker.Permit> probe = breaker.tryAcquire();
    assertThat(probe).hasValueSatisfying(p -> assertThat(p.probe()).isTrue());
    assertThat(breaker.tryAcquire()).as("a second caller while the probe runs").isEmpty();
    assertThat(breaker.waitFor(clock.instant())).isLessThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void probeSuccess_closes() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(10));
    CircuitBreaker.Permit probe = breaker.tryAcquire().orElseThrow();
    breaker.release(probe, Optional.empty(), false);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isPresent();
  }

  @Test
  void probeFailure_opensAgainForAnotherOpenPeriod() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(10));
    CircuitBreaker.Permit probe = breaker.tryAcquire().orElseThrow();
    breaker.release(probe, Optional.of(new IllegalStateException("still down")), false);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofSeconds(9));
    assertThat(breaker.tryAcquire()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.tryAcquire()).isPresent();
  }

  @Test
  void abandonedProbe_letsTheNextCallerProbe() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(10));
    CircuitBreaker.Permit probe = breaker.tryAcquire().orElseThrow();
    breaker.release(probe, Optional.empty(), true);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).hasValueSatisfying(p -> assertThat(p.probe()).isTrue());
  }

  @Test
  void ignoredExceptionsAndDecodeFailures_doNotCount() {
    Envelope envelope = Envelope.builder().id("e").source("s").type("t.x").build();
    for (int i = 0; i < 5; i++) {
      CircuitBreaker.Permit permit = breaker.tryAcquire().orElseThrow();
      breaker.release(permit, Optional.of(new IllegalArgumentException("bad event")), false);
      permit = breaker.tryAcquire().orElseThrow();
      breaker.release(permit, Optional.of(new DecodeException(envelope, "bad", null)), false);
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void build_rejectsInvalidSettings() {
    assertThatThrownBy(() -> CircuitBreaker.builder().failureThreshold(0).build())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("failureThreshold");
    assertThatThrownBy(() -> CircuitBreaker.builder().openFor(Duration.ZERO).build())
        .hasMessageContaining("openFor");
  }
}
