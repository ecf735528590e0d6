package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One way of moving the workload from a publisher to a handler: {@link HeraldSide Herald} on a
 * transport, {@link RawSide plain kafka-clients} or {@link CloudEventsSide kafka-clients with the
 * CloudEvents SDK}. The benches drive all of them with the same code; a side only knows how to send
 * one event and how to tell its receipts.
 */
sealed interface Side permits HeraldSide, RawSide, CloudEventsSide {
  /** The side's name as the table shows it, such as {@code herald} or {@code raw}. */
  String name();

  /**
   * Starts a producer and a consumer (in group {@code group}) on {@code topic}, which exists with
   * the bench's partition count (or, on a transport that creates topics on first use, gets it). The
   * consumer reports what it receives to the receipts last given to {@link Session#deliverTo}.
   */
  Session open(String topic, String group, Payloads payloads);

  /** A producer and a consumer on one topic. */
  interface Session extends AutoCloseable {
    /**
     * Sends the event without waiting for it to be stored; {@code acks} hears the outcome. Called
     * by one thread at a time.
     */
    void send(int key, long sequence, long sentNanos, Acks acks);

    /**
     * Sends the event and returns once it is stored, the way a user calls a blocking publish. Many
     * threads may call it at once (but not together with {@link #send}).
     *
     * @throws HeraldException if the event could not be stored
     */
    default void sendAndWait(int key, long sequence, long sentNanos) throws InterruptedException {
      CompletableFuture<Void> stored = new CompletableFuture<>();
      send(
          key,
          sequence,
          sentNanos,
          new Acks() {
            @Override
            public void stored() {
              stored.complete(null);
            }

            @Override
            public void failed(Throwable error) {
              stored.completeExceptionally(error);
            }
          });
      try {
        stored.get();
      } catch (ExecutionException e) {
        throw new HeraldException("the event was not stored: " + e.getCause(), e.getCause());
      }
    }

    /** Where the consumer reports from now on; the previous phase must be complete. */
    void deliverTo(Receipts receipts);

    /** Stops the consumer and the producer. */
    @Override
    void close();
  }

  /** Told when a sent event is stored, or why it is not; called on the producer's threads. */
  interface Acks {
    void stored();

    void failed(Throwable error);

    /** {@link #stored()} when {@code error} is null, else {@link #failed}: a send callback. */
    default void completed(Throwable error) {
      if (error == null) {
        stored();
      } else {
        failed(error);
      }
    }
  }
}
