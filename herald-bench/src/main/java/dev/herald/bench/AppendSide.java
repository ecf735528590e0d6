package dev.herald.bench;

import dev.herald.eventstore.NewEvent;
import java.util.List;

/** One side of {@link EventStoreBench}: something that appends events, one commit at a time. */
interface AppendSide {
  /** The side's name, one of {@link EventStoreBenchOptions#SIDES}. */
  String name();

  /**
   * Readies one measurement named {@code measurement}: a fresh store where the side keeps state per
   * measurement.
   */
  Target open(String measurement);

  /** What one measurement appends to; closing it releases what {@link #open} made. */
  interface Target extends AutoCloseable {
    /** A writer for one thread, which appends only through it and then closes it. */
    Writer writer();

    @Override
    void close();
  }

  /** Appends from one thread. */
  interface Writer extends AutoCloseable {
    /**
     * Appends {@code events} to {@code stream}, whose last version is {@code version} (-1: the
     * stream is new), in one commit; returns once it is committed.
     *
     * @throws Exception if the append failed
     */
    void append(String stream, long version, List<NewEvent> events) throws Exception;

    @Override
    void close();
  }
}
