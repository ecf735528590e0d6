package dev.herald.core;

import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * {@link DeadLetters} over a transport: every call reads the group's two topics afresh (see {@link
 * DeadLetterLedger}), so it sees what other processes did. Calls of one instance are serialized.
 */
final class DefaultDeadLetters implements DeadLetters {
  private final Transport transport;
  private final String group;
  private final Clock clock;

  DefaultDeadLetters(Transport transport, String group) {
    this(transport, group, Clock.systemUTC());
  }

  DefaultDeadLetters(Transport transport, String group, Clock clock) {
    this.transport = transport;
    this.group = group;
    this.clock = clock;
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public synchronized List<DeadLetter> list(DeadLetterFilter filter) {
    return ledger().letters().stream().filter(filter::test).toList();
  }

  @Override
  public synchronized Optional<DeadLetter> show(String id) {
    return find(ledger().letters(), id);
  }

  @Override
  public synchronized Outcome replay(String id) {
    DeadLetterLedger ledger = ledger();
    DeadLetter letter = require(ledger, id);
    if (letter.status() != DeadLetter.Status.PENDING) {
      return alreadyDone(letter, "sent");
    }
    if (letter.reason() == DeadLetterReason.UNREADABLE) {
      throw new HeraldException(
          "dead letter "
              + letter.id()
              + " is a record the transport could not read ("
              + letter.error()
              + "); a replay would fail the same way. Purge it instead");
    }
    return replay(ledger, List.of(letter));
  }

  @Override
  public synchronized Outcome replay(DeadLetterFilter filter) {
    DeadLetterLedger ledger = ledger();
    return replay(ledger, pending(ledger, filter));
  }

  @Override
  public synchronized Outcome purge(String id) {
    DeadLetterLedger ledger = ledger();
    DeadLetter letter = require(ledger, id);
    if (letter.status() != DeadLetter.Status.PENDING) {
      return alreadyDone(letter, "purged");
    }
    return purge(ledger, List.of(letter));
  }

  @Override
  public synchronized Outcome purge(DeadLetterFilter filter) {
    DeadLetterLedger ledger = ledger();
    return purge(ledger, pending(ledger, filter));
  }

  private Outcome replay(DeadLetterLedger ledger, List<DeadLetter> selected) {
    List<DeadLetter> letters = wholeSequences(ledger, selected);
    long unreadable =
        letters.stream().filter(l -> l.reason() == DeadLetterReason.UNREADABLE).count();
    letters.removeIf(l -> l.reason() == DeadLetterReason.UNREADABLE);
    String skipped =
        unreadable == 0 ? "" : "; " + unreadable + " unreadable records left alone (purge them)";
    if (letters.isEmpty()) {
      return new Outcome(
          0, List.of(), "no pending dead letters of " + group + " to replay" + skipped);
    }
    Map<String, List<DeadLetter>> byTopic = new LinkedHashMap<>();
    letters.forEach(
        l -> byTopic.computeIfAbsent(l.original().topic(), t -> new ArrayList<>()).add(l));
    List<Envelope> actions = new ArrayList<>();
    byTopic.forEach(
        (topic, batch) -> {
          List<Position> controls =
              append(topic, batch.stream().map(DeadLetterWire::replay).toList());
          for (int i = 0; i < batch.size(); i++) {
            record(actions, DeadLetterWire.REPLAYED_ACTION, ledger, batch.get(i), controls.get(i));
          }
        });
    append(DeadLetters.actionsTopic(group), actions);
    return new Outcome(
        letters.size(),
        letters,
        "replayed "
            + letters.size()
            + " dead letters to group "
            + group
            + " through "
            + String.join(", ", byTopic.keySet())
            + skipped);
  }

  private Outcome purge(DeadLetterLedger ledger, List<DeadLetter> selected) {
    List<DeadLetter> letters = wholeSequences(ledger, selected);
    if (letters.isEmpty()) {
      return new Outcome(0, List.of(), "no pending dead letters of " + group + " to purge");
    }
    // A parked key is released in-band, so that its partition's consumer meets the release in
    // order with the key's events.
    Map<String, Position> releases = new LinkedHashMap<>();
    for (DeadLetter letter : letters) {
      Optional<String> key = letter.envelope().partitionKey();
      if (letter.sequence().isPresent() && key.isPresent()) {
        String head = letter.sequence().get();
        if (!releases.containsKey(head)) {
          Envelope release = DeadLetterWire.release(group, head, key.get(), clock);
          releases.put(head, append(letter.original().topic(), List.of(release)).get(0));
        }
      }
    }
    List<Envelope> actions = new ArrayList<>();
    for (DeadLetter letter : letters) {
      Position control = letter.sequence().map(releases::get).orElse(null);
      record(actions, DeadLetterWire.PURGED_ACTION, ledger, letter, control);
    }
    append(DeadLetters.actionsTopic(group), actions);
    return new Outcome(
        letters.size(),
        letters,
        "purged "
            + letters.size()
            + " dead letters of group "
            + group
            + (releases.isEmpty() ? "" : " and released " + releases.size() + " parked keys"));
  }

  private void record(
      List<Envelope> actions,
      String type,
      DeadLetterLedger ledger,
      DeadLetter letter,
      Position control) {
    for (String id : ledger.withCopies(letter.id())) {
      actions.add(DeadLetterWire.action(type, group, id, Optional.ofNullable(control), clock));
    }
  }

  /** {@code selected} plus every pending member of their ordered sequences, in original order. */
  private static List<DeadLetter> wholeSequences(
      DeadLetterLedger ledger, List<DeadLetter> selected) {
    Set<String> heads = new LinkedHashSet<>();
    selected.forEach(l -> l.sequence().ifPresent(heads::add));
    Map<String, DeadLetter> chosen = new LinkedHashMap<>();
    selected.forEach(l -> chosen.put(l.id(), l));
    for (DeadLetter letter : ledger.letters()) {
      if (letter.status() == DeadLetter.Status.PENDING
          && letter.sequence().filter(heads::contains).isPresent()) {
        chosen.putIfAbsent(letter.id(), letter);
      }
    }
    List<DeadLetter> letters = new ArrayList<>(chosen.values());
    letters.sort(
        Comparator.comparing((DeadLetter l) -> l.original().topic())
            .thenComparingInt(l -> l.original().partition())
            .thenComparingLong(l -> l.original().offset())
            .thenComparing(DeadLetter::time));
    return letters;
  }

  private static List<DeadLetter> pending(DeadLetterLedger ledger, DeadLetterFilter filter) {
    return ledger.letters().stream()
        .filter(l -> l.status() == DeadLetter.Status.PENDING)
        .filter(filter::test)
        .toList();
  }

  private Outcome alreadyDone(DeadLetter letter, String what) {
    return new Outcome(
        0,
        List.of(),
        "dead letter "
            + letter.id()
            + " (event "
            + letter.envelope().id()
            + ") was already "
            + letter.status().name().toLowerCase(Locale.ROOT)
            + "; nothing was "
            + what);
  }

  private DeadLetter require(DeadLetterLedger ledger, String id) {
    return find(ledger.letters(), id)
        .orElseThrow(
            () ->
                new HeraldException(
                    "no dead letter or dead event with id '"
                        + id
                        + "' in group "
                        + group
                        + " (topic "
                        + DeadLetters.topic(group)
                        + "); list them to see their ids"));
  }

  private static Optional<DeadLetter> find(List<DeadLetter> letters, String id) {
    Optional<DeadLetter> byOwnId = letters.stream().filter(l -> l.id().equals(id)).findFirst();
    if (byOwnId.isPresent()) {
      return byOwnId;
    }
    DeadLetter latest = null;
    for (DeadLetter letter : letters) {
      if (letter.envelope().id().equals(id)) {
        latest = letter; // letters are oldest first
      }
    }
    return Optional.ofNullable(latest);
  }

  private DeadLetterLedger ledger() {
    return DeadLetterLedger.read(transport, group, clock);
  }

  private List<Position> append(String topic, List<Envelope> envelopes) {
    if (envelopes.isEmpty()) {
      return List.of();
    }
    try {
      return transport.append(topic, envelopes).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new HeraldException(
          "appending to "
              + topic
              + " failed: "
              + cause
              + "; what this call sent before is not recorded, so repeating it may send that a"
              + " second time",
          cause);
    }
  }
}
