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
 * when given, passes on its correlation id and becomes the causation.
 */
final class Publisher {
  private final String source;
  private final Transport transport;
  private final EventTypes types;
  private final Codec codec;
  private final Clock clock;

  Publisher(String source, Transport transport, EventTypes types, Codec codec, Clock clock) {
    this.source = source;
    this.transport = transport;
    this.types = types;
    this.codec = codec;
    this.clock = clock;
  }

  /** An event with an optional explicit key. */
  record Outgoing(Object event, Optional<String> key) {}

  List<Position> publish(List<Outgoing> events, Optional<Envelope> parent) {
    Map<String, List<Integer>> indexesByTopic = new LinkedHashMap<>();
    Map<String, List<Envelope>> envelopesByTopic = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      Outgoing outgoing = events.get(i);
      if (outgoing.event() == null) {
        throw new HeraldException("event " + i + " of the batch is null; publish records only");
      }
      RegisteredType<?> type = types.of(outgoing.event().getClass());
      Envelope envelope = envelope(type, outgoing, parent);
      indexesByTopic.computeIfAbsent(type.topic(), t -> new ArrayList<>()).add(i);
      envelopesByTopic.computeIfAbsent(type.topic(), t -> new ArrayList<>()).add(envelope);
    }
    Map<String, CompletableFuture<List<Position>>> futures = new LinkedHashMap<>();
    envelopesByTopic.forEach((topic, batch) -> futures.put(topic, transport.append(topic, batch)));
    Position[] positions = new Position[events.size()];
    for (Map.Entry<String, CompletableFuture<List<Position>>> entry : futures.entrySet()) {
      List<Position> stored = await(entry.getKey(), entry.getValue());
      List<Integer> indexes = indexesByTopic.get(entry.getKey());
      for (int i = 0; i < indexes.size(); i++) {
        positions[indexes.get(i)] = stored.get(i);
      }
    }
    return List.of(positions);
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
    Envelope envelope = envelope(type, outgoing, parent);
    return transport
        .append(type.topic(), List.of(envelope))
        .handle(
            (stored, error) -> {
              if (error == null) {
                return stored.get(0);
              }
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              throw cause instanceof HeraldException herald
                  ? herald
                  : new HeraldException(
                      "publishing to topic " + type.topic() + " failed: " + cause, cause);
            });
  }

  private Envelope envelope(RegisteredType<?> type, Outgoing outgoing, Optional<Envelope> parent) {
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
    return builder.build();
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
