package dev.herald.core;

import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns typed events into envelopes and appends them: the publish half of a bus. A parent envelope,
 * when given, passes on its correlation id and becomes the causation. Each topic's batch is one
 * {@code publish} span ({@link BusTracing}) whose context every envelope of it carries, and events
 * are counted as published ({@link BusMetrics}) once the transport holds them.
 */
final class Publisher {
  private final String source;
  private final Transport transport;
  private final EventTypes types;
  private final Codec codec;
  private final Clock clock;
  private final BusTracing tracing;
  private final BusMetrics metrics;

  Publisher(
      String source,
      Transport transport,
      EventTypes types,
      Codec codec,
      Clock clock,
      BusTracing tracing,
      BusMetrics metrics) {
    this.source = source;
    this.transport = transport;
    this.types = types;
    this.codec = codec;
    this.clock = clock;
    this.tracing = tracing;
    this.metrics = metrics;
  }

  /** An event with an optional explicit key. */
  record Outgoing(Object event, Optional<String> key) {}

  /** One topic's part of a publish: which events, their span, and the append once made. */
  private static final class Batch {
    final String topic;
    final List<Integer> indexes = new ArrayList<>();
    final List<Envelope> envelopes = new ArrayList<>();
    PublishSpan span = PublishSpan.OFF;
    CompletableFuture<List<Position>> stored;
    boolean finished;

    Batch(String topic) {
      this.topic = topic;
    }
  }

  List<Position> publish(List<Outgoing> events, Optional<Envelope> parent) {
    RegisteredType<?>[] typeOf = new RegisteredType<?>[events.size()];
    Map<String, Batch> batches = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      Outgoing outgoing = events.get(i);
      if (outgoing.event() == null) {
        throw new HeraldException("event " + i + " of the batch is null; publish records only");
      }
      typeOf[i] = types.of(outgoing.event().getClass());
      batches.computeIfAbsent(typeOf[i].topic(), Batch::new).indexes.add(i);
    }
    Position[] positions = new Position[events.size()];
    try {
      // Every event is encoded before any is appended, so a bad one stores none.
      for (Batch batch : batches.values()) {
        batch.span = tracing.publish(batch.topic, batch.indexes.size());
        for (int i : batch.indexes) {
          batch.envelopes.add(envelope(typeOf[i], events.get(i), parent, batch.span));
        }
      }
      for (Batch batch : batches.values()) {
        batch.stored = transport.append(batch.topic, batch.envelopes);
      }
      for (Batch batch : batches.values()) {
        List<Position> stored = await(batch.topic, batch.stored);
        finish(batch, typeOf, null);
        for (int i = 0; i < batch.indexes.size(); i++) {
          positions[batch.indexes.get(i)] = stored.get(i);
        }
      }
    } catch (RuntimeException e) {
      for (Batch batch : batches.values()) {
        if (batch.finished) {
          continue;
        }
        if (batch.stored == null) {
          finish(batch, typeOf, e);
        } else {
          // Not waited for: its span and count follow its own outcome.
          var unused = batch.stored.whenComplete((stored, error) -> finish(batch, typeOf, error));
        }
      }
      throw e;
    }
    return List.of(positions);
  }

  private void finish(Batch batch, RegisteredType<?>[] typeOf, Throwable error) {
    batch.finished = true;
    batch.span.end(error);
    if (error == null && metrics.enabled()) {
      for (int i : batch.indexes) {
        metrics.published(batch.topic, typeOf[i].name(), 1);
      }
    }
  }

  /**
   * Appends one event without waiting; the future completes when it is stored, or fails with a
   * {@link HeraldException}. Encoding errors are thrown at once.
   */
  CompletableFuture<Position> publishAsync(Outgoing outgoing, Optional<Envelope> parent) {
    if (outgoing.event() == null) {
      throw new HeraldException("the event is null; publish records only");
    }
    RegisteredType<?> type = types.of(outgoing.event().getClass());
    PublishSpan span = tracing.publish(type.topic(), 1);
    Envelope envelope;
    try {
      envelope = envelope(type, outgoing, parent, span);
    } catch (RuntimeException e) {
      span.end(e);
      throw e;
    }
    return transport
        .append(type.topic(), List.of(envelope))
        .handle(
            (stored, error) -> {
              Throwable cause =
                  error instanceof CompletionException && error.getCause() != null
                      ? error.getCause()
                      : error;
              span.end(cause);
              if (error == null) {
                metrics.published(type.topic(), type.name(), 1);
                return stored.get(0);
              }
              throw cause instanceof HeraldException herald
                  ? herald
                  : new HeraldException(
                      "publishing to topic " + type.topic() + " failed: " + cause, cause);
            });
  }

  private Envelope envelope(
      RegisteredType<?> type, Outgoing outgoing, Optional<Envelope> parent, PublishSpan span) {
    String id = EventIds.next(clock);
    Optional<String> key =
        outgoing.key().isPresent() ? outgoing.key() : type.keyOf(outgoing.event());
    Envelope.Builder builder =
        Envelope.builder()
            .id(id)
            .source(source)
            .type(type.name())
            .time(clock.instant())
            .dataContentType(codec.contentType())
            .dataSchema(type.schemaUri())
            .data(codec.encode(outgoing.event()));
    key.ifPresent(k -> builder.subject(k).extension(Envelope.PARTITION_KEY, k));
    if (parent.isPresent()) {
      Envelope cause = parent.get();
      builder
          .extension(Envelope.CORRELATION_ID, cause.correlationId().orElse(cause.id()))
          .extension(Envelope.CAUSATION_ID, cause.id());
    } else {
      builder.extension(Envelope.CORRELATION_ID, id);
    }
    span.inject(builder, parent);
    Envelope envelope = builder.build();
    span.describe(envelope);
    return envelope;
  }

  private static List<Position> await(String topic, CompletableFuture<List<Position>> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException(
          "interrupted while publishing to " + topic + "; the events may or may not be stored", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof HeraldException herald) {
        throw herald;
      }
      throw new HeraldException("publishing to topic " + topic + " failed: " + cause, cause);
    }
  }
}
