package dev.herald.saga;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a step's events straight to the transport, with the ids the step gave them (a bus would
 * give new ones). Consecutive events for one topic go in one append; each append is waited for, so
 * the events keep their order.
 */
final class TransportOutbox implements Outbox {
  private static final long TIMEOUT_SECONDS = 30;

  private final Transport transport;

  TransportOutbox(Transport transport) {
    this.transport = transport;
  }

  @Override
  public void send(List<Outgoing> messages) {
    int from = 0;
    while (from < messages.size()) {
      String topic = messages.get(from).topic();
      List<Envelope> batch = new ArrayList<>();
      while (from < messages.size() && messages.get(from).topic().equals(topic)) {
        batch.add(messages.get(from++).envelope());
      }
      append(topic, batch);
    }
  }

  private void append(String topic, List<Envelope> batch) {
    try {
      transport.append(topic, batch).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException(
          "interrupted while publishing a saga's events to " + topic + "; they are sent later", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new HeraldException(
          "publishing a saga's events to "
              + topic
              + " failed ("
              + cause
              + "); they stay in the saga's stream and are sent again with the same ids",
          cause);
    }
  }
}
