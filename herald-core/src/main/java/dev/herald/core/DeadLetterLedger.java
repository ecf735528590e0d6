package dev.herald.core;

import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group's dead letters and what was done to them, as read from {@code <group>.dlq} and {@code
 * <group>.dlq-actions} at one moment. Dead letters written twice for one delivery (a crash between
 * the dead-letter append and the commit) count once; the copies follow their first.
 */
final class DeadLetterLedger {
  /** A replay or purge of one dead letter, with the control event it sent, if any. */
  record Action(DeadLetter.Status status, Optional<Position> control) {}

  private final List<DeadLetterWire.Stored> stored;
  private final Map<String, List<String>> copies;
  private final Map<String, Action> actions;

  private DeadLetterLedger(
      List<DeadLetterWire.Stored> stored,
      Map<String, List<String>> copies,
      Map<String, Action> actions) {
    this.stored = stored;
    this.copies = copies;
    this.actions = actions;
  }

  /** Reads both topics of {@code group} to their end. */
  static DeadLetterLedger read(Transport transport, String group, Clock clock) {
    Map<String, Action> actions = new HashMap<>();
    for (Delivery d : TopicReader.readAll(transport, DeadLetters.actionsTopic(group), clock)) {
      Envelope e = d.envelope();
      DeadLetter.Status status =
          switch (e.type()) {
            case DeadLetterWire.REPLAYED_ACTION -> DeadLetter.Status.REPLAYED;
            case DeadLetterWire.PURGED_ACTION -> DeadLetter.Status.PURGED;
            default -> null;
          };
      Optional<String> id = e.extension(DeadLetterWire.ID);
      if (status != null && id.isPresent()) {
        Optional<Position> control =
            e.extension(DeadLetterWire.CONTROL).flatMap(DeadLetterWire::position);
        actions.putIfAbsent(id.get(), new Action(status, control));
      }
    }
    Map<String, DeadLetterWire.Stored> firsts = new LinkedHashMap<>();
    Map<String, List<String>> copies = new HashMap<>();
    for (Delivery d : TopicReader.readAll(transport, DeadLetters.topic(group), clock)) {
      Optional<DeadLetterWire.Stored> read = DeadLetterWire.read(d.envelope(), d.position());
      if (read.isEmpty() || !read.get().letter().group().equals(group)) {
        continue;
      }
      DeadLetterWire.Stored entry = read.get();
      DeadLetterWire.Stored first = firsts.putIfAbsent(entry.deliveryKey(), entry);
      String firstId = first == null ? entry.letter().id() : first.letter().id();
      copies.computeIfAbsent(firstId, k -> new ArrayList<>()).add(entry.letter().id());
    }
    return new DeadLetterLedger(List.copyOf(firsts.values()), copies, actions);
  }

  /** Every dead letter (copies folded into their first) with its status, oldest first. */
  List<DeadLetter> letters() {
    List<DeadLetter> letters = new ArrayList<>(stored.size());
    for (DeadLetterWire.Stored entry : stored) {
      DeadLetter letter = entry.letter();
      letters.add(action(letter.id()).map(a -> letter.withStatus(a.status())).orElse(letter));
    }
    letters.sort(
        Comparator.comparing(DeadLetter::time)
            .thenComparingInt(l -> l.position().partition())
            .thenComparingLong(l -> l.position().offset()));
    return letters;
  }

  /** The ids of {@code id} and its copies. */
  List<String> withCopies(String id) {
    return copies.getOrDefault(id, List.of(id));
  }

  /** What was done to dead letter {@code id} or one of its copies, if anything. */
  Optional<Action> action(String id) {
    for (String copy : withCopies(id)) {
      Action action = actions.get(copy);
      if (action != null) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }

  /** Dead letters as stored, with the offset of the delivery that wrote each. */
  List<DeadLetterWire.Stored> stored() {
    return stored;
  }
}
