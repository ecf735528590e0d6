package dev.herald.core;

import dev.herald.core.spi.Names;
import dev.herald.core.spi.Transport;
import java.util.List;
import java.util.Optional;

/**
 * A consumer group's dead letters: browse them, send them back to the group, or give up on them.
 * Get one from a running bus ({@link EventBus#deadLetters()}) or from any transport that holds the
 * group's topics ({@link #of(Transport, String)}, as the CLI does).
 *
 * <h2>Where they live</h2>
 *
 * Each group's dead letters are in the topic {@code <group>.dlq}: the original envelope (same id,
 * data and attributes) plus extensions that say why ({@code dlqreason}, {@code dlqerror}, {@code
 * dlqattempts}), from where ({@code dlqtopic}, {@code dlqpartition}, {@code dlqoffset}, {@code
 * dlqdelivery}), by whom and when ({@code dlqgroup}, {@code dlqhandler}, {@code dlqtime}), its own
 * id ({@code dlqid}) and, in ordered mode, its key's sequence ({@code dlqhead}). Topics are
 * append-only, so a replay or purge is recorded as an event in {@code <group>.dlq-actions}, and
 * {@link #list} leaves those dead letters out.
 *
 * <h2>How replay reaches only this group, once</h2>
 *
 * Replay appends a control event of type {@code herald.replay} to the event's original topic, under
 * the event's key, addressed to the group ({@code replaygroup}); it carries the original envelope
 * (its type in {@code replaytype}). The group's consumer unwraps it and runs the handler, with the
 * usual retries and dead letters; every other group skips it, as it skips any type it has no
 * handler for, so no other group's handler sees it. Going through the original partition, rather
 * than a topic of the group's own, is what keeps the order per key: the replayed event is handled
 * after everything before it and before anything published later with its key. The service
 * therefore needs write access to the topics it consumes. Readers that are not Herald consumers
 * (such as {@code herald tail}) see the control events. The handler sees the original envelope; its
 * {@link EventContext#position()} is where the replay was read, while a dead letter it causes again
 * keeps the original position.
 *
 * <p>A replay or purge is recorded after its control events are stored; a second call for the same
 * dead letter then does nothing and says so. Two calls racing from two processes, or a crash
 * between storing and recording, can send a dead letter twice: the at-least-once rule, as for any
 * delivery.
 *
 * <h2>Ordered mode</h2>
 *
 * A handler in ordered mode ({@link HandlerOptions#ordered()}) parks a key behind its first dead
 * letter: the key's later events are dead-lettered with reason {@link DeadLetterReason#PARKED}
 * without running. The head and the events parked behind it form the key's sequence; replay and
 * purge always take whole sequences, in order, whichever of their dead letters the call selected.
 * The consumer releases the key when it has handled the whole replayed sequence, or when it reaches
 * the {@code herald.released} control event a purge appends. A consumer that takes over a partition
 * rebuilds the parked keys from these two topics.
 *
 * <p>Reading the topics to their end is a full scan; it uses {@link Transport#endOffsets} when the
 * transport offers it, and otherwise first appends a {@code herald.fence} event to each partition
 * (readers skip them). Methods block; an instance is thread-safe.
 */
public interface DeadLetters {

  /** The dead letters of {@code group} on {@code transport}; the caller keeps the transport. */
  static DeadLetters of(Transport transport, String group) {
    return new DefaultDeadLetters(transport, Names.check("consumer group", group));
  }

  /** The topic holding {@code group}'s dead letters: {@code <group>.dlq}. */
  static String topic(String group) {
    return group + ".dlq";
  }

  /** The topic recording replays and purges of {@code group}: {@code <group>.dlq-actions}. */
  static String actionsTopic(String group) {
    return group + ".dlq-actions";
  }

  /** The consumer group. */
  String group();

  /**
   * The dead letters {@code filter} selects, oldest first (by the time they were dead-lettered).
   * Pending ones only, unless the filter {@link DeadLetterFilter#withResolved() includes resolved}
   * ones.
   *
   * @throws HeraldException if the topics cannot be read
   */
  List<DeadLetter> list(DeadLetterFilter filter);

  /**
   * The dead letter with id {@code id}, or failing that the latest dead letter of the event with
   * that id; resolved ones included.
   */
  Optional<DeadLetter> show(String id);

  /**
   * Sends the dead letter {@code id} (a dead-letter id or an event id, as in {@link #show}) back to
   * its group, with the rest of its ordered-mode sequence if it has one. Does nothing, and says so
   * in the outcome's message, if it was already replayed or purged.
   *
   * @throws HeraldException if there is no such dead letter, or it is an unreadable record (which a
   *     replay cannot fix; purge it)
   */
  Outcome replay(String id);

  /**
   * Sends every pending dead letter that {@code filter} selects back to its group, each ordered
   * sequence whole and in order. Unreadable records are left alone (the message counts them).
   */
  Outcome replay(DeadLetterFilter filter);

  /**
   * Gives up on the dead letter {@code id} (with the rest of its ordered sequence); its key, if
   * parked, is released. Does nothing, and says so, if it was already replayed or purged.
   *
   * @throws HeraldException if there is no such dead letter
   */
  Outcome purge(String id);

  /** Gives up on every pending dead letter that {@code filter} selects (whole sequences). */
  Outcome purge(DeadLetterFilter filter);

  /**
   * What a replay or purge did.
   *
   * @param count how many dead letters it replayed or purged
   * @param deadLetters those dead letters, as they were before the call
   * @param message one line for a person: what was done, or why nothing was
   */
  record Outcome(int count, List<DeadLetter> deadLetters, String message) {
    /** Copies the list. */
    public Outcome {
      deadLetters = List.copyOf(deadLetters);
    }
  }
}
