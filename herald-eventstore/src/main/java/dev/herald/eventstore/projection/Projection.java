package dev.herald.eventstore.projection;

import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;

/**
 * A read model kept up to date from the event store, in generations: each generation is a view of
 * its own (a table, a file, a map) built from the start of the store, so that a rebuild fills a new
 * one while the old one keeps serving. {@link Projector} decides when to open, feed, swap and drop.
 *
 * <p>Delivery is at least once: after a restart the events since the last checkpoint come again, so
 * {@link #apply} must be idempotent (an upsert, or skipping an event whose stream version the view
 * already holds).
 *
 * @param <V> the view type, such as a table name or an in-memory map
 */
public interface Projection<V> {
  /** The projection's name, unique in its store; its checkpoints are named after it. */
  String name();

  /** The streams it reads; default all. */
  default StreamFilter filter() {
    return StreamFilter.all();
  }

  /**
   * Opens, creating it if needed, the view of {@code generation} (1, 2, …), as it was left: a
   * generation opened again after a restart keeps what it held.
   */
  V open(int generation) throws Exception;

  /** Folds {@code event} into {@code view}. */
  void apply(V view, RecordedEvent event) throws Exception;

  /**
   * Makes what {@link #apply} wrote to {@code view} durable; called before each checkpoint is
   * saved. Default: nothing, for views that write through.
   */
  default void flush(V view) throws Exception {}

  /** Deletes an old generation's view once a newer one serves. */
  void drop(V view, int generation) throws Exception;
}
