package dev.herald.saga;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamNames;
import java.util.List;

/** The instances of one saga in an event store: one stream each, read whole, appended with care. */
final class SagaStreams {
  private static final int PAGE = 500;

  private final Saga<?> saga;
  private final EventStore store;

  SagaStreams(Saga<?> saga, EventStore store) {
    this.saga = saga;
    this.store = store;
  }

  /**
   * The stream of instance {@code key}.
   *
   * @throws HeraldException if the key makes no valid stream name
   */
  String stream(String key) {
    String stream = saga.stream(key);
    try {
      StreamNames.check(stream);
    } catch (HeraldException e) {
      throw new HeraldException(
          "saga " + saga.name() + " cannot store instance '" + key + "': " + e.getMessage(), e);
    }
    return stream;
  }

  /** The instance as stored; one with no steps if there are none. */
  Instance load(String key) {
    String stream = stream(key);
    Instance instance = new Instance(key);
    long from = 0;
    while (true) {
      List<RecordedEvent> page = store.read(stream, from, Direction.FORWARDS, PAGE);
      for (RecordedEvent stored : page) {
        instance.apply(stored.version(), StepRecords.decode(stored));
      }
      if (page.size() < PAGE) {
        return instance;
      }
      from = page.get(page.size() - 1).version() + 1;
    }
  }

  /**
   * Appends {@code step} if the instance is still at the version it was loaded at.
   *
   * @return the step's version in the stream
   * @throws dev.herald.eventstore.WrongExpectedVersionException if another writer got there first
   */
  long append(Instance loaded, StepRecord step) {
    ExpectedVersion expected =
        loaded.exists() ? ExpectedVersion.exactly(loaded.version()) : ExpectedVersion.noStream();
    return store
        .append(stream(loaded.key()), expected, List.of(StepRecords.step(step)))
        .nextExpectedVersion();
  }

  /** Records that the events of the step at {@code stepVersion} are on the bus; its version. */
  long markSent(String key, long stepVersion) {
    // Any version: a marker only adds knowledge, whatever was appended since the step.
    return store
        .append(stream(key), ExpectedVersion.any(), List.of(StepRecords.sent(stepVersion)))
        .nextExpectedVersion();
  }
}
