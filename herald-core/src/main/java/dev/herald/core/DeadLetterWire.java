package dev.herald.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How dead letters and the control events around them look on the wire: extension names, types, and
 * the conversions between an event, its dead letter and its replay. The one place that knows the
 * format; {@link DeadLetters} describes it for users.
 */
final class DeadLetterWire {
  static final String ID = "dlqid";
  static final String REASON = "dlqreason";
  static final String ERROR = "dlqerror";
  static final String ATTEMPTS = "dlqattempts";
  static final String TOPIC = "dlqtopic";
  static final String PARTITION = "dlqpartition";
  static final String OFFSET = "dlqoffset";
  static final String DELIVERY = "dlqdelivery";
  static final String HANDLER = "dlqhandler";
  static final String TIME = "dlqtime";
  static final String GROUP = "dlqgroup";
  static final String HEAD = "dlqhead";
  static final String CONTROL = "dlqcontrol";

  static final String REPLAY_GROUP = "replaygroup";
  static final String REPLAY_OF = "replayof";
  static final String REPLAY_TYPE = "replaytype";
  static final String REPLAY_HEAD = "replayhead";
  static final String REPLAY_OFFSET = "replayoffset";
  static final String REPLAY_PARTITION = "replaypartition";

  static final String REPLAY = "herald.replay";
  static final String RELEASED = "herald.released";
  static final String FENCE = "herald.fence";
  static final String REPLAYED_ACTION = "herald.dlq.replayed";
  static final String PURGED_ACTION = "herald.dlq.purged";

  /** The type a transport gives a record that is no event (see the Kafka binding). */
  static final String UNREADABLE = "herald.unreadable";

  /** The extension holding why a record is unreadable. */
  static final String UNREADABLE_REASON = "heraldreason";

  private static final Set<String> OWN =
      Set.of(
          ID,
          REASON,
          ERROR,
          ATTEMPTS,
          TOPIC,
          PARTITION,
          OFFSET,
          DELIVERY,
          HANDLER,
          TIME,
          GROUP,
          HEAD,
          CONTROL,
          REPLAY_GROUP,
          REPLAY_OF,
          REPLAY_TYPE,
          REPLAY_HEAD,
          REPLAY_OFFSET);
  private static final int OURS = 12;
  private static final int MAX_ERROR = 2000;
  private static final Set<String> KEEP_FIRST =
      Set.of(
          Envelope.CORRELATION_ID,
          Envelope.CAUSATION_ID,
          Envelope.PARTITION_KEY,
          Envelope.TRACEPARENT,
          BusTracing.TRACESTATE,
          UNREADABLE_REASON);

  private DeadLetterWire() {}

  /**
   * What the runtime knows when it gives up on an event.
   *
   * @param cause the last exception, for the log; empty when no handler failed
   */
  record Death(
      DeadLetterReason reason,
      String error,
      int attempts,
      String handler,
      Optional<String> head,
      Optional<Throwable> cause) {

    Death withHead(String headId) {
      return new Death(reason, error, attempts, handler, Optional.of(headId), cause);
    }
  }

  /**
   * The dead letter of {@code event}, read at {@code delivery} (for a replay, {@code original} is
   * where it was first read).
   */
  static Envelope deadLetter(
      Envelope event,
      String group,
      Position original,
      long deliveryOffset,
      String id,
      Death death,
      Clock clock) {
    Envelope.Builder b = strip(event);
    b.extension(ID, id)
        .extension(REASON, death.reason().wireName())
        .extension(ERROR, text(death.error()))
        .extension(ATTEMPTS, Integer.toString(death.attempts()))
        .extension(TOPIC, original.topic())
        .extension(PARTITION, Integer.toString(original.partition()))
        .extension(OFFSET, Long.toString(original.offset()))
        .extension(DELIVERY, Long.toString(deliveryOffset))
        .extension(HANDLER, text(death.handler()))
        .extension(TIME, clock.instant().toString())
        .extension(GROUP, group);
    death.head().ifPresent(h -> b.extension(HEAD, h));
    return b.build();
  }

  /** Reads a dead letter stored at {@code position}; empty if it is none (a fence, say). */
  static Optional<Stored> read(Envelope stored, Position position) {
    Map<String, String> x = stored.extensions();
    if (!x.containsKey(ID) || !x.containsKey(GROUP) || FENCE.equals(stored.type())) {
      return Optional.empty();
    }
    try {
      Position original =
          new Position(
              x.get(TOPIC), Integer.parseInt(x.get(PARTITION)), Long.parseLong(x.get(OFFSET)));
      DeadLetter letter =
          new DeadLetter(
              x.get(ID),
              strip(stored).build(),
              x.get(GROUP),
              DeadLetterReason.parse(x.get(REASON)),
              x.getOrDefault(ERROR, ""),
              Integer.parseInt(x.getOrDefault(ATTEMPTS, "0")),
              original,
              x.getOrDefault(HANDLER, "-"),
              Instant.parse(x.get(TIME)),
              Optional.ofNullable(x.get(HEAD)),
              position,
              DeadLetter.Status.PENDING);
      long delivery = x.containsKey(DELIVERY) ? Long.parseLong(x.get(DELIVERY)) : original.offset();
      return Optional.of(new Stored(letter, delivery));
    } catch (RuntimeException e) {
      // Not written by Herald, or by a different version: not ours to list or replay.
      return Optional.empty();
    }
  }

  /**
   * A dead letter as stored, with the offset of the delivery that produced it (the replay's control
   * event for a replayed event that died again).
   */
  record Stored(DeadLetter letter, long deliveryOffset) {
    /** Dead letters written twice for one delivery (a crash before the commit) share this. */
    String deliveryKey() {
      Position o = letter.original();
      return o.topic() + '/' + o.partition() + '@' + o.offset() + '>' + deliveryOffset;
    }
  }

  /** The control event that replays {@code letter} to its group through its original topic. */
  static Envelope replay(DeadLetter letter) {
    Envelope.Builder b =
        letter.envelope().toBuilder()
            .type(REPLAY)
            .extension(REPLAY_TYPE, letter.envelope().type())
            .extension(REPLAY_GROUP, letter.group())
            .extension(REPLAY_OF, letter.id())
            .extension(REPLAY_PARTITION, Integer.toString(letter.original().partition()))
            .extension(REPLAY_OFFSET, Long.toString(letter.original().offset()));
    letter.sequence().ifPresent(h -> b.extension(REPLAY_HEAD, h));
    return b.build();
  }

  /** The original event inside a replay control event. */
  static Envelope unwrap(Envelope replay) {
    return replay.toBuilder()
        .type(replay.extension(REPLAY_TYPE).orElseThrow())
        .withoutExtension(REPLAY_TYPE)
        .withoutExtension(REPLAY_GROUP)
        .withoutExtension(REPLAY_OF)
        .withoutExtension(REPLAY_OFFSET)
        .withoutExtension(REPLAY_PARTITION)
        .withoutExtension(REPLAY_HEAD)
        .build();
  }

  /** The control event that tells {@code group}'s consumer to release the key of a sequence. */
  static Envelope release(String group, String head, String key, Clock clock) {
    return Envelope.builder()
        .id(EventIds.next(clock))
        .source(group)
        .type(RELEASED)
        .time(clock.instant())
        .extension(Envelope.PARTITION_KEY, key)
        .extension(REPLAY_GROUP, group)
        .extension(REPLAY_HEAD, head)
        .build();
  }

  /** The record that a dead letter was replayed or purged, with its control event if any. */
  static Envelope action(
      String type, String group, String deadLetterId, Optional<Position> control, Clock clock) {
    Envelope.Builder b =
        Envelope.builder()
            .id(EventIds.next(clock))
            .source(group)
            .type(type)
            .time(clock.instant())
            .extension(ID, deadLetterId)
            .extension(GROUP, group)
            .extension(TIME, clock.instant().toString());
    control.ifPresent(p -> b.extension(CONTROL, p.toString()));
    return b.build();
  }

  /** Parses {@code topic/partition@offset} as {@link Position#toString()} writes it. */
  static Optional<Position> position(String text) {
    int slash = text.lastIndexOf('/');
    int at = text.lastIndexOf('@');
    if (slash <= 0 || at < slash) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Position(
              text.substring(0, slash),
              Integer.parseInt(text.substring(slash + 1, at)),
              Long.parseLong(text.substring(at + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A fence for {@code partition}, keyed so that it lands there. */
  static Envelope fence(String key, Clock clock) {
    return Envelope.builder()
        .id(EventIds.next(clock))
        .source("herald")
        .type(FENCE)
        .extension(Envelope.PARTITION_KEY, key)
        .build();
  }

  /** The event's own attributes: without dead-letter and replay extensions, trimmed to fit ours. */
  private static Envelope.Builder strip(Envelope event) {
    Envelope.Builder b = event.toBuilder();
    int kept = 0;
    for (String name : event.extensions().keySet()) {
      if (OWN.contains(name)) {
        b.withoutExtension(name);
      } else {
        kept++;
      }
    }
    // An event near the extension limit loses its least known extensions rather than block its
    // partition forever on a dead letter that cannot be built.
    for (String name : event.extensions().keySet()) {
      if (kept + OURS <= EnvelopeRules.MAX_EXTENSIONS) {
        break;
      }
      if (!OWN.contains(name) && !KEEP_FIRST.contains(name)) {
        b.withoutExtension(name);
        kept--;
      }
    }
    return b;
  }

  /** Text fit for an extension value: no control characters, bounded length. */
  static String text(String raw) {
    String value = raw == null || raw.isEmpty() ? "-" : raw;
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_ERROR));
    for (int i = 0; i < value.length() && out.length() < MAX_ERROR; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString();
  }

  /** An exception as one line: class, message, and its root cause if it has another. */
  static String describe(Throwable error) {
    StringBuilder s = new StringBuilder(error.toString());
    Throwable root = error;
    int depth = 0;
    while (root.getCause() != null && depth < 32) {
      root = root.getCause();
      depth++;
    }
    if (depth > 0) {
      s.append(" (root cause: ").append(root).append(')');
    }
    return s.toString();
  }
}
