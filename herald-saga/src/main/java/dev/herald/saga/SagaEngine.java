package dev.herald.saga;

import dev.herald.core.Codec;
import dev.herald.core.DecodeException;
import dev.herald.core.Envelope;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.WrongExpectedVersionException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a saga's steps against its streams: load the instance, send what earlier steps left unsent,
 * skip what it already handled, run the step, append the result with the version loaded (running
 * the step again on fresh state if another writer got there first), then send the step's events and
 * record that they were sent. The runner and the fixture share it, so a fixture test runs the same
 * path as production, minus the bus.
 *
 * <p>Thread-safe: steps on one instance are serialized in this process by a lock (so this process
 * never sends an outbox twice); other processes are kept apart by the store's optimistic
 * concurrency.
 */
final class SagaEngine<S> {
  /** How often a step runs again after losing a race for its instance. */
  static final int MAX_CONFLICTS = 10;

  private static final Logger log = LoggerFactory.getLogger(SagaEngine.class);
  private static final int LOCKS = 64;

  /** Decides a step on a loaded instance; null to do nothing. */
  @FunctionalInterface
  private interface Decision {
    StepRecord decide(Instance instance) throws Exception;
  }

  private final Saga<S> saga;
  private final SagaStreams streams;
  private final Clock clock;
  private final EventTypes types;
  private final Codec codec;
  private final String source;
  private final Outbox outbox;
  private final ReentrantLock[] locks = new ReentrantLock[LOCKS];

  SagaEngine(
      Saga<S> saga,
      EventStore store,
      Clock clock,
      EventTypes types,
      Codec codec,
      String source,
      Outbox outbox) {
    this.saga = saga;
    this.streams = new SagaStreams(saga, store);
    this.clock = clock;
    this.types = types;
    this.codec = codec;
    this.source = source;
    this.outbox = outbox;
    for (int i = 0; i < LOCKS; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  Saga<S> saga() {
    return saga;
  }

  /**
   * Handles {@code event}, which arrived in {@code envelope}.
   *
   * @return the step stored; empty if the event was ignored (no instance and it cannot start one,
   *     the instance ended, or it handled this event id already)
   * @throws Exception what the step threw; nothing was stored then
   */
  Optional<StepRecord> handle(Object event, Envelope envelope) throws Exception {
    Reaction<S, ?> reaction =
        saga.reaction(event.getClass())
            .orElseThrow(
                () ->
                    new HeraldException(
                        "saga " + saga.name() + " does not react to " + event.getClass()));
    String key = reaction.keyOf(saga.name(), event);
    Cause cause = Cause.of(envelope);
    return run(
        key,
        instance -> instance.handled(cause.trigger()),
        instance -> {
          if (!instance.exists() && !reaction.starts()) {
            log.debug("saga {}: no instance {} for {}; ignored", saga.name(), key, cause);
            return null;
          }
          if (instance.ended() || instance.handled(cause.trigger())) {
            log.debug("saga {}: {} ended or handled {} already", saga.name(), instance, cause);
            return null;
          }
          Effects effects = effects(key, cause, instance.pending());
          return effects.record(encode(key, reaction.apply(state(instance), event, effects)));
        });
  }

  /**
   * Fires deadline {@code deadlineId} of instance {@code key} if it is still pending and due.
   *
   * @return the step stored; empty if the deadline was not pending (fired, cancelled, replaced,
   *     ended) or not yet due
   */
  Optional<StepRecord> fire(String key, String deadlineId) throws Exception {
    return run(
        key,
        instance -> false,
        instance -> {
          Optional<Deadline> pending = instance.pendingById(deadlineId);
          if (pending.isEmpty() || pending.get().due().isAfter(clock.instant())) {
            return null;
          }
          Deadline deadline = pending.get();
          DeadlineStep<S> step =
              saga.deadline(deadline.name())
                  .orElseThrow(
                      () ->
                          new HeraldException(
                              "saga "
                                  + saga.name()
                                  + " has no handler for deadline "
                                  + deadline.name()
                                  + " that instance "
                                  + key
                                  + " scheduled; add onDeadline(\""
                                  + deadline.name()
                                  + "\", …) back"));
          Map<String, Deadline> left = new LinkedHashMap<>(instance.pending());
          left.remove(deadline.name());
          Effects effects = effects(key, Cause.of(deadline), left);
          return effects.record(encode(key, step.apply(state(instance), effects)));
        });
  }

  /** Sends whatever stored steps of instance {@code key} left unsent. */
  void flush(String key) {
    ReentrantLock lock = lockOf(key);
    lock.lock();
    try {
      flush(streams.load(key));
    } finally {
      lock.unlock();
    }
  }

  /** Instance {@code key} as stored, if it has had a step. */
  Optional<SagaInstance<S>> instance(String key) {
    Instance instance = streams.load(key);
    if (!instance.exists()) {
      return Optional.empty();
    }
    Map<String, Instant> deadlines = new LinkedHashMap<>();
    instance.pending().forEach((name, d) -> deadlines.put(name, d.due()));
    return Optional.of(
        new SagaInstance<>(key, instance.version(), state(instance), instance.ended(), deadlines));
  }

  /**
   * Runs {@code decision} on instance {@code key} until its step is stored. When the decision is to
   * do nothing and {@code redelivered} says the trigger was handled before, what the instance left
   * unsent is sent (sending its step's events may be why it came again); otherwise that is left to
   * the scheduler, so that runners racing for one instance do not send each other's events twice.
   */
  private Optional<StepRecord> run(String key, Predicate<Instance> redelivered, Decision decision)
      throws Exception {
    ReentrantLock lock = lockOf(key);
    lock.lock();
    try {
      for (int attempt = 0; attempt <= MAX_CONFLICTS; attempt++) {
        Instance instance = streams.load(key);
        StepRecord step = decision.decide(instance);
        if (step == null) {
          if (redelivered.test(instance)) {
            flush(instance);
          }
          return Optional.empty();
        }
        // Earlier steps' events go first, so that what the saga publishes keeps its order.
        flush(instance);
        long version;
        try {
          version = streams.append(instance, step);
        } catch (WrongExpectedVersionException e) {
          log.debug(
              "saga {} instance {} changed under its step; running it again", saga.name(), key);
          continue;
        }
        if (!step.outbox().isEmpty()) {
          outbox.send(step.outbox());
          streams.markSent(key, version);
        }
        return Optional.of(step);
      }
      throw new HeraldException(
          "saga "
              + saga.name()
              + " instance "
              + key
              + " kept changing under its step: other writers won "
              + (MAX_CONFLICTS + 1)
              + " times in a row; the step will be tried again");
    } finally {
      lock.unlock();
    }
  }

  private void flush(Instance instance) {
    for (Map.Entry<Long, List<Outgoing>> unsent : instance.unsent().entrySet()) {
      outbox.send(unsent.getValue());
      instance.sent(unsent.getKey(), streams.markSent(instance.key(), unsent.getKey()));
    }
  }

  private Effects effects(String key, Cause cause, Map<String, Deadline> pending) {
    return new Effects(saga, key, clock.instant(), cause, pending, types, codec, source);
  }

  private S state(Instance instance) {
    return instance.state().map(json -> decode(instance.key(), json)).orElse(saga.initial());
  }

  private S decode(String key, byte[] json) {
    Envelope wrapper =
        Envelope.builder()
            .id(saga.stream(key))
            .source("herald-saga")
            .type(StepRecords.STEP_TYPE)
            .data(json)
            .build();
    try {
      return Codec.json().decode(wrapper, saga.stateType());
    } catch (DecodeException e) {
      throw new HeraldException(
          "the state of saga "
              + saga.name()
              + " instance "
              + key
              + " does not read as "
              + saga.stateType().getSimpleName()
              + " ("
              + e.getMessage()
              + "); make the state a record of plain values, and keep old fields readable when"
              + " it changes shape",
          e);
    }
  }

  /** The state as JSON, checked to read back, so that no step stores a state no step can read. */
  private byte[] encode(String key, S state) {
    if (state == null) {
      throw new HeraldException(
          "a step of saga "
              + saga.name()
              + " returned null; return the state (the same one if nothing changed)");
    }
    byte[] json = Codec.json().encode(state);
    decode(key, json);
    return json;
  }

  private ReentrantLock lockOf(String key) {
    return locks[Math.floorMod(key.hashCode(), LOCKS)];
  }
}
