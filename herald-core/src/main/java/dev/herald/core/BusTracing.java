package dev.herald.core;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Optional;

/**
 * One bus's OpenTelemetry spans, named and attributed per the OpenTelemetry messaging semantic
 * conventions: a {@code publish <topic>} PRODUCER span per published batch (one per topic), whose
 * context goes into each envelope as W3C {@code traceparent} (and {@code tracestate}), and a {@code
 * process <topic>} CONSUMER span per delivery handled, whose parent is the context in the envelope.
 * The process span is current while the handler runs, so events it publishes are its children.
 *
 * <p>Without an {@link OpenTelemetry} ({@link EventBus.Builder#openTelemetry}) nothing is started;
 * an event then carries the caller's current span context if it has one, else the handled event's
 * {@code traceparent}, so a service without tracing does not cut a trace in two. Thread-safe.
 */
final class BusTracing {
  /** Extension: W3C Trace Context {@code tracestate} that goes with the {@code traceparent}. */
  static final String TRACESTATE = "tracestate";

  static final String SYSTEM = "herald";
  static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> PARTITION =
      AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("messaging.message.conversation_id");
  static final AttributeKey<String> CONSUMER_GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<Long> BATCH_COUNT =
      AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
  static final AttributeKey<String> EVENT_SOURCE =
      AttributeKey.stringKey("cloudevents.event_source");

  static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

  static final TextMapSetter<Envelope.Builder> INTO_ENVELOPE =
      (builder, key, value) -> {
        if (builder != null) {
          builder.extension(key, value);
        }
      };

  static final TextMapGetter<Envelope> FROM_ENVELOPE =
      (envelope, key) -> envelope == null ? null : envelope.extensions().get(key);

  private static final BusTracing OFF = new BusTracing(null);

  private final Tracer tracer;

  private BusTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Tracing through {@code openTelemetry}; off if empty. */
  static BusTracing of(Optional<OpenTelemetry> openTelemetry) {
    return openTelemetry
        .map(otel -> new BusTracing(otel.tracerBuilder("dev.herald").build()))
        .orElse(OFF);
  }

  /** Whether spans are started at all. */
  boolean enabled() {
    return tracer != null;
  }

  /**
   * Starts the span of publishing {@code count} events to {@code topic}, a child of the current
   * context; {@link PublishSpan#OFF} when tracing is off.
   */
  PublishSpan publish(String topic, int count) {
    if (tracer == null) {
      return PublishSpan.OFF;
    }
    SpanBuilder builder =
        tracer
            .spanBuilder("publish " + topic)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(MESSAGING_SYSTEM, SYSTEM)
            .setAttribute(OPERATION_NAME, "publish")
            .setAttribute(OPERATION_TYPE, "send")
            .setAttribute(DESTINATION, topic);
    if (count > 1) {
      builder.setAttribute(BATCH_COUNT, (long) count);
    }
    Span span = builder.startSpan();
    return new PublishSpan(span, Context.current().with(span), count == 1);
  }

  /**
   * Starts the span of handling {@code delivery} in {@code group}, a child of the context its
   * envelope carries; {@link ProcessSpan#OFF} when tracing is off.
   */
  ProcessSpan process(Delivery delivery, String group) {
    if (tracer == null) {
      return ProcessSpan.OFF;
    }
    Envelope envelope = delivery.envelope();
    Context parent = PROPAGATOR.extract(Context.root(), envelope, FROM_ENVELOPE);
    Span span =
        tracer
            .spanBuilder("process " + delivery.topic())
            .setParent(parent)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(MESSAGING_SYSTEM, SYSTEM)
            .setAttribute(OPERATION_NAME, "process")
            .setAttribute(OPERATION_TYPE, "process")
            .setAttribute(DESTINATION, delivery.topic())
            .setAttribute(PARTITION, Integer.toString(delivery.partition()))
            .setAttribute(CONSUMER_GROUP, group)
            .setAttribute(MESSAGE_ID, envelope.id())
            .setAttribute(CONVERSATION_ID, envelope.correlationId().orElse(envelope.id()))
            .setAttribute(EVENT_TYPE, envelope.type())
            .setAttribute(EVENT_SOURCE, envelope.source())
            .startSpan();
    return new ProcessSpan(span, parent.with(span));
  }
}
