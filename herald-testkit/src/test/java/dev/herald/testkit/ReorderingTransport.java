package dev.herald.testkit;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.ForwardingSubscription;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Broken on purpose: swaps adjacent deliveries of each partition in every poll result. */
final class ReorderingTransport extends ForwardingTransport {
  ReorderingTransport(Transport delegate) {
    super(delegate);
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    return new ForwardingSubscription(delegate.subscribe(topic, group, start, listener)) {
      @Override
      public List<Delivery> poll(Duration timeout) throws InterruptedException {
        Map<Integer, List<Delivery>> byPartition = new LinkedHashMap<>();
        for (Delivery delivery : delegate.poll(timeout)) {
          byPartition.computeIfAbsent(delivery.partition(), p -> new ArrayList<>()).add(delivery);
        }
        List<Delivery> swapped = new ArrayList<>();
        for (List<Delivery> deliveries : byPartition.values()) {
          for (int i = 0; i + 1 < deliveries.size(); i += 2) {
            swapped.add(deliveries.get(i + 1));
            swapped.add(deliveries.get(i));
          }
          if (deliveries.size() % 2 == 1) {
            swapped.add(deliveries.get(deliveries.size() - 1));
          }
        }
        return swapped;
      }
    };
  }
}
