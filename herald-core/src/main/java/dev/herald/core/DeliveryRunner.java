package dev.herald.core;

import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles each delivery of one partition: handled, skipped, or dead-lettered, and returns only
 * then, so that the worker counts the offset as done (and the consumer commits it) only after the
 * handler succeeded or the dead letter is stored. A dead letter that cannot be stored throws: the
 * event stays uncommitted, comes back after the redelivery delay, and this runner stores the same
 * dead letter again without running the handler again.
 *
 * <p>Also runs what arrives in-band from {@link DeadLetters}: replays addressed to this group
 * (unwrapped and handled like the original event) and ordered-mode releases. Runs on the
 * partition's worker thread only; puts the event's ids in the SLF4J MDC while it runs, and the
 * event's {@code process} span ({@link BusTracing}) in the OpenTelemetry context while its handler
 * does.
 */
final class DeliveryRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRunner.class);

  /** A replayed event's place in the dead letters. */
  private record Replay(String of, Optional<String> head, Position original) {}

  /** A dead letter built but not yet stored, and what to do once it is. */
  private record Pending(long offset, Envelope letter, Runnable onStored) {}

  /** What a runner needs from its bus and loop. */
  record Settings(
      String service,
      String group,
      String topic,
      int partition,
      Map<String, Route> routes,
      Transport transport,
      Publisher publisher,
      Clock clock,
      Attempts attempts,
      Supplier<DeadLetterLedger> ledger,
      BusMetrics metrics,
      BusTracing tracing,
      OutcomeReporter outcomes,
      Optional<ProcessedEvents> processed) {}

  private final Settings s;
  private final String deadLetterTopic;
  private final boolean ordered;
  private PartitionWorker worker;
  private ParkedKeys parked;
  private Pending pending;
  private final long createdNanos = System.nanoTime();
  private boolean processedCaughtUp;

  DeliveryRunner(Settings settings) {
    this.s = settings;
    this.deadLetterTopic = DeadLetters.topic(settings.group());
    this.ordered = settings.routes().values().stream().anyMatch(Route::ordered);
  }

  /** The worker whose thread runs this; its waits end when it stops. */
  void attach(PartitionWorker partitionWorker) {
    this.worker = partitionWorker;
  }

  /** Settles {@code delivery}; throws if it could not (the event then comes back). */
  void run(Delivery delivery) {
    if (pending != null) {
      if (pending.offset() == delivery.offset()) {
        store(pending);
        return;
      }
      pending = null;
    }
    if (parked == null) {
      // Where this partition starts for us is where ordered mode's memory must be rebuilt.
      parked =
          ordered
              ? ParkedKeys.rebuild(s.ledger().get(), s.topic(), s.partition(), delivery.offset())
              : new ParkedKeys();
      if (parked.size() > 0) {
        LOG.info(
            "{}: {} keys of {}/{} are parked behind dead letters",
            s.service(),
            parked.size(),
            s.topic(),
            s.partition());
      }
    }
    Envelope envelope = delivery.envelope();
    try (EventMdc ignored = EventMdc.of(envelope, s.service())) {
      switch (envelope.type()) {
        case DeadLetterWire.RELEASED -> {
          if (isForUs(envelope)) {
            release(envelope);
          }
        }
        case DeadLetterWire.REPLAY -> {
          if (isForUs(envelope)) {
            replay(delivery);
          }
        }
        case DeadLetterWire.UNREADABLE -> unreadable(delivery);
        default -> handle(delivery, Optional.empty());
      }
    }
  }

  private boolean isForUs(Envelope control) {
    return control.extension(DeadLetterWire.REPLAY_GROUP).filter(s.group()::equals).isPresent();
  }

  private void release(Envelope control) {
    Optional<String> key = control.partitionKey();
    Optional<String> head = control.extension(DeadLetterWire.REPLAY_HEAD);
    if (key.isPresent() && head.isPresent() && parked.release(key.get(), head.get())) {
      LOG.info("{}: key {} released (its dead letters were purged)", s.service(), key.get());
    }
  }

  private void replay(Delivery control) {
    Envelope original;
    Replay replay;
    try {
      original = DeadLetterWire.unwrap(control.envelope());
      Envelope c = control.envelope();
      replay =
          new Replay(
              c.extension(DeadLetterWire.REPLAY_OF).orElse(""),
              c.extension(DeadLetterWire.REPLAY_HEAD),
              new Position(
                  control.topic(),
                  c.extension(DeadLetterWire.REPLAY_PARTITION)
                      .map(Integer::parseInt)
                      .orElse(control.partition()),
                  c.extension(DeadLetterWire.REPLAY_OFFSET)
                      .map(Long::parseLong)
                      .orElse(control.offset())));
    } catch (RuntimeException e) {
      // Not written by DeadLetters: failing here would stop the partition on every redelivery.
      LOG.error(
          "{}: skipped malformed replay event {} at {}: {}",
          s.service(),
          control.envelope().id(),
          control.position(),
          e.toString());
      return;
    }
    try (EventMdc ignored = EventMdc.of(original, s.service())) {
      handle(
          new Delivery(original, control.topic(), control.partition(), control.offset()),
          Optional.of(replay));
    }
  }

  private void unreadable(Delivery delivery) {
    String reason =
        delivery
            .envelope()
            .extension(DeadLetterWire.UNREADABLE_REASON)
            .orElse("the transport could not read the record as an event");
    DeadLetterWire.Death death =
        new DeadLetterWire.Death(
            DeadLetterReason.UNREADABLE, reason, 0, "-", Optional.empty(), Optional.empty());
    deadLetter(
        delivery,
        delivery.position(),
        EventIds.next(s.clock()),
        death,
        id -> {},
        ProcessSpan.OFF,
        s.outcomes().trail("-", delivery));
  }

  private void handle(Delivery delivery, Optional<Replay> replay) {
    Route route = s.routes().get(delivery.envelope().type());
    if (route == null) {
      if (replay.isPresent()) {
        LOG.warn(
            "{}: replayed event {} has type {}, which no handler takes any more; skipped",
            s.service(),
            delivery.envelope().id(),
            delivery.envelope().type());
      }
      return; // another service's event type on a shared topic
    }
    try (ProcessSpan span = s.tracing().process(delivery, s.group()).enter()) {
      try {
        handle(route, delivery, replay, span);
      } catch (RuntimeException | Error e) {
        span.unsettled(e);
        throw e;
      }
    }
  }

  private void handle(Route route, Delivery delivery, Optional<Replay> replay, ProcessSpan span) {
    if (alreadyHandled(route, delivery.envelope())) {
      LOG.debug(
          "{}: {} handled event {} before; skipped",
          s.service(),
          route.name(),
          delivery.envelope().id());
      return;
    }
    Position original = replay.map(Replay::original).orElse(delivery.position());
    Optional<String> key =
        route.ordered() ? delivery.envelope().partitionKey() : Optional.<String>empty();
    Optional<ParkedKeys.Sequence> sequence = key.flatMap(parked::of);
    OutcomeTrail trail = s.outcomes().trail(route.name(), delivery);
    if (sequence.isPresent()) {
      handleParked(route, delivery, original, key.get(), sequence.get(), replay, span, trail);
      return;
    }
    Optional<DeadLetterWire.Death> death = attempt(route, delivery, span, trail);
    if (death.isEmpty()) {
      recordHandled(route, delivery.envelope());
      trail.handled();
      return;
    }
    String id = EventIds.next(s.clock());
    if (key.isPresent()) {
      String k = key.get();
      deadLetter(
          delivery,
          original,
          id,
          death.get().withHead(id),
          stored -> parked.park(k, id, original.offset(), id),
          span,
          trail);
    } else {
      deadLetter(delivery, original, id, death.get(), stored -> {}, span, trail);
    }
  }

  /** Ordered mode, key parked: run the sequence's blocking member, park everything else. */
  private void handleParked(
      Route route,
      Delivery delivery,
      Position original,
      String key,
      ParkedKeys.Sequence sequence,
      Optional<Replay> replay,
      ProcessSpan span,
      OutcomeTrail trail) {
    Optional<String> member =
        replay
            .filter(r -> r.head().filter(sequence.head::equals).isPresent())
            .map(Replay::of)
            .filter(sequence::contains);
    String id = EventIds.next(s.clock());
    Consumer<String> takePlace =
        stored -> {
          member.ifPresent(sequence::remove);
          sequence.put(original.offset(), stored);
        };
    if (member.isPresent() && sequence.isFirst(member.get())) {
      Optional<DeadLetterWire.Death> death = attempt(route, delivery, span, trail);
      if (death.isEmpty()) {
        recordHandled(route, delivery.envelope());
        trail.handled();
        sequence.remove(member.get());
        if (parked.releaseIfDone(key)) {
          LOG.info("{}: key {} released (its replayed sequence is handled)", s.service(), key);
        }
        return;
      }
      deadLetter(
          delivery, original, id, death.get().withHead(sequence.head), takePlace, span, trail);
      return;
    }
    DeadLetterWire.Death parkedBehind =
        new DeadLetterWire.Death(
            DeadLetterReason.PARKED,
            "parked behind dead letter " + sequence.head + " (key " + key + ")",
            0,
            route.name(),
            Optional.of(sequence.head),
            Optional.empty());
    deadLetter(delivery, original, id, parkedBehind, takePlace, span, trail);
  }

  /**
   * Whether an idempotent route handled this event id before. The first time, reads what other
   * members of the group recorded up to when this partition came to us.
   */
  private boolean alreadyHandled(Route route, Envelope event) {
    if (route.idempotencyWindow().isEmpty() || s.processed().isEmpty()) {
      return false;
    }
    ProcessedEvents processed = s.processed().get();
    if (!processedCaughtUp) {
      processed.catchUp(createdNanos);
      processedCaughtUp = true;
    }
    return processed.contains(route.name(), event.id(), route.idempotencyWindow().get());
  }

  /** An idempotent route succeeded: recorded durably before the offset can be committed. */
  private void recordHandled(Route route, Envelope event) {
    if (route.idempotencyWindow().isPresent() && s.processed().isPresent()) {
      s.processed().get().record(route.name(), event);
    }
  }

  private Optional<DeadLetterWire.Death> attempt(
      Route route, Delivery delivery, ProcessSpan span, OutcomeTrail trail) {
    HandlerContext context = new HandlerContext(delivery, s.service(), s.group(), s.publisher());
    return s.attempts()
        .run(route, delivery, worker, span, trail, () -> route.chain().handle(delivery, context));
  }

  private void deadLetter(
      Delivery delivery,
      Position original,
      String id,
      DeadLetterWire.Death death,
      Consumer<String> onStored,
      ProcessSpan span,
      OutcomeTrail trail) {
    span.deadLettered(death);
    Envelope letter =
        DeadLetterWire.deadLetter(
            delivery.envelope(), s.group(), original, delivery.offset(), id, death, s.clock());
    store(
        new Pending(
            delivery.offset(),
            letter,
            () -> {
              onStored.accept(id);
              trail.deadLettered(death);
              s.metrics()
                  .deadLettered(delivery.topic(), delivery.envelope().type(), death.reason());
              log(delivery, death);
            }));
  }

  private void store(Pending letter) {
    pending = letter;
    try {
      s.transport().append(deadLetterTopic, List.of(letter.letter())).join();
    } catch (CompletionException | HeraldException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      throw new HeraldException(
          "cannot store the dead letter of event "
              + letter.letter().id()
              + " in "
              + deadLetterTopic
              + ": "
              + cause
              + "; the event stays uncommitted and the dead letter is stored again when it comes"
              + " back",
          cause);
    }
    pending = null;
    letter.onStored().run();
  }

  private void log(Delivery delivery, DeadLetterWire.Death death) {
    if (death.reason() == DeadLetterReason.PARKED) {
      LOG.warn(
          "{}: event {} ({}) at {} dead-lettered to {}: {}",
          s.service(),
          delivery.envelope().id(),
          delivery.envelope().type(),
          delivery.position(),
          deadLetterTopic,
          death.error());
    } else {
      LOG.error(
          "{}: event {} ({}) at {} dead-lettered to {} after {} attempts, {}: {}",
          s.service(),
          delivery.envelope().id(),
          delivery.envelope().type(),
          delivery.position(),
          deadLetterTopic,
          death.attempts(),
          death.reason().wireName(),
          death.error(),
          death.cause().orElse(null));
    }
  }
}
