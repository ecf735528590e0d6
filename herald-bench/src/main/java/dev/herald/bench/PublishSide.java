package dev.herald.bench;

import dev.herald.core.spi.Transport;

/**
 * One side of {@link GatewayBench}'s publish measurements: {@code gateway} ({@link
 * GatewayPublishSide}), HTTP POSTs to a gateway in this JVM, or {@code direct} ({@link
 * DirectPublishSide}), the same events given to {@link Transport#append}, the baseline. Each
 * measurement gets a fresh transport (and gateway).
 */
interface PublishSide {
  /** The side's name, one of {@link GatewayBenchOptions#SIDES}. */
  String name();

  /** Readies one measurement on a fresh transport named {@code name}. */
  Target open(String name);

  /** What one measurement publishes to; closing it releases what {@link #open} made. */
  interface Target extends AutoCloseable {
    /**
     * A publisher for one thread, the {@code index}th, which publishes only through it to {@code
     * topic} events with ids starting with {@code prefix}, and then closes it.
     */
    Publisher publisher(String topic, String prefix, int index);

    @Override
    void close();
  }

  /** Publishes from one thread. */
  interface Publisher extends AutoCloseable {
    /**
     * Publishes {@code count} events, {@code first} onwards ({@link GatewayEvents}), at once: in
     * one request, or in one append; returns once the transport holds them.
     *
     * @throws Exception if the publish failed
     */
    void publish(long first, int count) throws Exception;

    @Override
    void close();
  }
}
