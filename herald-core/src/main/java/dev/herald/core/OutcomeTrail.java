package dev.herald.core;

import java.util.Optional;

/**
 * What happens to one event in one handler, told to the bus's {@link OutcomeReporter}: each failed
 * attempt that will be tried again, then whether it was handled or dead-lettered. {@link #OFF}
 * tells nothing. Used by the partition's thread only.
 */
class OutcomeTrail {
  /** Tells nothing. */
  static final OutcomeTrail OFF = new OutcomeTrail(null, "", null, 0);

  private final OutcomeReporter reporter;
  private final String handler;
  private final Delivery delivery;
  private final long startNanos;
  private int failedAttempts;

  OutcomeTrail(OutcomeReporter reporter, String handler, Delivery delivery, long startNanos) {
    this.reporter = reporter;
    this.handler = handler;
    this.delivery = delivery;
    this.startNanos = startNanos;
  }

  /** Attempt {@code attempt} failed with {@code error} and will be tried again. */
  void retrying(int attempt, String error) {
    failedAttempts = attempt;
    tell(OutcomeReport.Kind.RETRYING, attempt, Optional.of(error), Optional.empty());
  }

  /** The handler succeeded. */
  void handled() {
    tell(OutcomeReport.Kind.HANDLED, failedAttempts + 1, Optional.empty(), Optional.empty());
  }

  /** The event is stored in the dead letters because of {@code death}. */
  void deadLettered(DeadLetterWire.Death death) {
    tell(
        OutcomeReport.Kind.DEAD_LETTERED,
        death.attempts(),
        Optional.of(death.error()),
        Optional.of(death.reason().wireName()));
  }

  private void tell(
      OutcomeReport.Kind kind, int attempt, Optional<String> error, Optional<String> reason) {
    if (reporter == null) {
      return;
    }
    Envelope event = delivery.envelope();
    if (!reporter.count(delivery.topic(), event.type(), kind)) {
      return;
    }
    reporter.add(
        new OutcomeReport.Outcome(
            event.id(),
            event.type(),
            delivery.position(),
            event.correlationId(),
            handler,
            kind,
            attempt,
            reporter.now(),
            (System.nanoTime() - startNanos) / 1_000,
            error,
            reason));
  }
}
