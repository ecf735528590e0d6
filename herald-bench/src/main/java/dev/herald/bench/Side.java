package dev.herald.bench;

/**
 * One way of moving the workload through Kafka: {@link HeraldSide Herald}, {@link RawSide plain
 * kafka-clients} or {@link CloudEventsSide kafka-clients with the CloudEvents SDK}. The bench
 * drives all of them with the same code; a side only knows how to send one event and how to tell
 * its receipts.
 */
sealed interface Side permits HeraldSide, RawSide, CloudEventsSide {
  /** {@code herald}, {@code raw} or {@code cloudevents}, as the table shows it. */
  String name();

  /**
   * Starts a producer and a consumer (in group {@code group}) on {@code topic}, which exists with
   * the bench's partition count. The consumer reports what it receives to the receipts last given
   * to {@link Session#deliverTo}.
   */
  Session open(String topic, String group, Payloads payloads);

  /** A producer and a consumer on one topic. Sending is done by one thread. */
  interface Session extends AutoCloseable {
    /** Sends the event without waiting for it to be stored; {@code acks} hears the outcome. */
    void send(int key, long sequence, long sentNanos, Acks acks);

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
