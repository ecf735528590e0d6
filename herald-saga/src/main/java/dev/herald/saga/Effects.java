package dev.herald.saga;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.RegisteredType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The {@link SagaContext} of one step run: collects what the step asks for, turning each event into
 * its envelope at once (so a bad event fails the step, not the publish) and keeping the deadlines
 * as they would be after the step.
 */
final class Effects implements SagaContext {
  private final Saga<?> saga;
  private final String key;
  private final Instant now;
  private final Cause cause;
  private final EventTypes types;
  private final Codec codec;
  private final String source;
  private final Map<String, Deadline> before;
  private final Map<String, Deadline> deadlines;
  private final List<Outgoing> outbox = new ArrayList<>();
  private boolean ended;

  Effects(
      Saga<?> saga,
      String key,
      Instant now,
      Cause cause,
      Map<String, Deadline> pending,
      EventTypes types,
      Codec codec,
      String source) {
    this.saga = saga;
    this.key = key;
    this.now = now;
    this.cause = cause;
    this.types = types;
    this.codec = codec;
    this.source = source;
    this.before = Map.copyOf(pending);
    this.deadlines = new LinkedHashMap<>(pending);
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public void publish(Object event) {
    publish(event, Optional.empty());
  }

  @Override
  public void publish(Object event, String key) {
    if (key == null || key.isEmpty()) {
      throw new HeraldException(
          "saga "
              + saga.name()
              + " published "
              + event
              + " with an empty key; pass the key, or publish(event) to use its type's");
    }
    publish(event, Optional.of(key));
  }

  private void publish(Object event, Optional<String> explicitKey) {
    if (event == null) {
      throw new HeraldException("saga " + saga.name() + " published null; publish records only");
    }
    RegisteredType<?> type = types.of(event.getClass());
    Optional<String> partitionKey = explicitKey.isPresent() ? explicitKey : type.keyOf(event);
    Envelope.Builder envelope =
        Envelope.builder()
            .id(UUID.randomUUID().toString())
            .source(source)
            .type(type.name())
            .time(now)
            .dataContentType(codec.contentType())
            .dataSchema(type.schemaUri())
            .data(codec.encode(event))
            .extension(Envelope.CORRELATION_ID, cause.correlation())
            .extension(Envelope.CAUSATION_ID, cause.causation());
    cause.extensions().forEach(envelope::extension);
    partitionKey.ifPresent(k -> envelope.subject(k).extension(Envelope.PARTITION_KEY, k));
    outbox.add(new Outgoing(type.topic(), envelope.build()));
  }

  @Override
  public void schedule(String name, Duration after) {
    if (saga.deadline(name).isEmpty()) {
      throw new HeraldException(
          "saga "
              + saga.name()
              + " schedules deadline '"
              + name
              + "' but has no handler for it; add onDeadline(\""
              + name
              + "\", …) to the saga");
    }
    if (after == null || after.isNegative()) {
      throw new HeraldException(
          "saga " + saga.name() + " schedules deadline " + name + " after " + after + "; use 0+");
    }
    if (ended) {
      throw new HeraldException(
          "saga "
              + saga.name()
              + " instance "
              + key
              + " ended in this step and cannot schedule deadline "
              + name
              + "; schedule before ending, or do not end");
    }
    deadlines.put(
        name,
        new Deadline(
            UUID.randomUUID().toString(),
            name,
            now.plus(after),
            cause.correlation(),
            cause.causation()));
  }

  @Override
  public void cancel(String name) {
    deadlines.remove(name);
  }

  @Override
  public void end() {
    ended = true;
  }

  /** What the step did, with the state it returned as JSON. */
  StepRecord record(byte[] state) {
    Set<String> kept = deadlines.values().stream().map(Deadline::id).collect(Collectors.toSet());
    Set<String> had = before.values().stream().map(Deadline::id).collect(Collectors.toSet());
    return new StepRecord(
        cause.trigger(),
        cause.description(),
        now,
        state,
        outbox,
        deadlines.values().stream().filter(d -> !had.contains(d.id())).toList(),
        before.values().stream().filter(d -> !kept.contains(d.id())).toList(),
        ended,
        cause.correlation());
  }
}
