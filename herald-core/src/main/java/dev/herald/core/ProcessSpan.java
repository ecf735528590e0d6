package dev.herald.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The span of handling one delivery, all its attempts and its dead letter included (see {@link
 * BusTracing}); {@link #OFF} when tracing is off. {@link #enter()} makes it current on this thread
 * and {@link #close()} restores the context before and ends the span. Used on the partition's
 * worker thread only.
 */
final class ProcessSpan implements AutoCloseable {
  /** No span. */
  static final ProcessSpan OFF = new ProcessSpan(null, null);

  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("herald.attempt");
  static final AttributeKey<String> DEAD_LETTER_REASON =
      AttributeKey.stringKey("herald.dead_letter.reason");

  private final Span span;
  private final Context context;
  private Scope scope;

  ProcessSpan(Span span, Context context) {
    this.span = span;
    this.context = context;
  }

  /** Makes the span current on this thread until {@link #close()}; returns this. */
  @SuppressWarnings("MustBeClosedChecker") // close() closes it, and callers use try-with-resources
  ProcessSpan enter() {
    if (span != null) {
      scope = context.makeCurrent();
    }
    return this;
  }

  /** Records that attempt {@code attempt} failed with {@code error}. */
  void attemptFailed(int attempt, Throwable error) {
    if (span != null) {
      span.recordException(error, Attributes.of(ATTEMPT, (long) attempt));
    }
  }

  /** Marks the event as given up on: it goes to the dead letters for {@code reason}. */
  void deadLettered(DeadLetterWire.Death death) {
    if (span != null) {
      span.setAttribute(DEAD_LETTER_REASON, death.reason().wireName());
      span.setStatus(StatusCode.ERROR, death.error());
    }
  }

  /** Marks the delivery as not settled: it comes back later. */
  void unsettled(Throwable error) {
    if (span != null && !(error instanceof PartitionWorker.Stopped)) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
  }

  /** Restores the context {@link #enter()} replaced and ends the span. */
  @Override
  public void close() {
    if (span != null) {
      if (scope != null) {
        scope.close();
      }
      span.end();
    }
  }
}
