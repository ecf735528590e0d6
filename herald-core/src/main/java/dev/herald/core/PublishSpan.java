package dev.herald.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.Optional;

/**
 * The span of one published batch (see {@link BusTracing}); {@link #OFF} when tracing is off.
 * Started and ended by the publisher, possibly on different threads.
 */
final class PublishSpan {
  /** No span: envelopes carry the caller's or the parent event's trace context as it is. */
  static final PublishSpan OFF = new PublishSpan(null, null, false);

  private final Span span;
  private final Context context;
  private final boolean single;

  PublishSpan(Span span, Context context, boolean single) {
    this.span = span;
    this.context = context;
    this.single = single;
  }

  /**
   * Puts the trace context into {@code builder}: this span's, or without one the current span's, or
   * the {@code parent} event's.
   */
  void inject(Envelope.Builder builder, Optional<Envelope> parent) {
    if (span != null) {
      BusTracing.PROPAGATOR.inject(context, builder, BusTracing.INTO_ENVELOPE);
      return;
    }
    Context current = Context.current();
    if (Span.fromContext(current).getSpanContext().isValid()) {
      BusTracing.PROPAGATOR.inject(current, builder, BusTracing.INTO_ENVELOPE);
    } else if (parent.isPresent()) {
      Envelope cause = parent.get();
      cause
          .extension(Envelope.TRACEPARENT)
          .ifPresent(t -> builder.extension(Envelope.TRACEPARENT, t));
      cause
          .extension(BusTracing.TRACESTATE)
          .ifPresent(t -> builder.extension(BusTracing.TRACESTATE, t));
    }
  }

  /** Names the event, when the batch is this one event. */
  void describe(Envelope envelope) {
    if (span != null && single) {
      span.setAttribute(BusTracing.MESSAGE_ID, envelope.id());
      span.setAttribute(BusTracing.EVENT_TYPE, envelope.type());
      span.setAttribute(BusTracing.CONVERSATION_ID, envelope.correlationId().orElse(envelope.id()));
    }
  }

  /** Ends the span, failed if {@code error} is not null. */
  void end(Throwable error) {
    if (span == null) {
      return;
    }
    if (error != null) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
    span.end();
  }
}
