package dev.herald.eventstore.relay;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which one of the relays of one name relays, wherever they run: the one whose member of
 * consumer group {@code herald.relay.<name>} owns partition 0 of the topic of that name. Nothing is
 * appended to that topic; the transport's group membership does the choosing, so when the relaying
 * one closes, another takes over at once, and when its process dies, once the transport notices
 * (Kafka: after the consumer's session timeout). One daemon thread polls the group and calls {@link
 * Holder#acquired} and {@link Holder#released} from inside the poll, so a relay that lets go has
 * stopped before the next one starts. Thread-safe.
 */
final class RelayLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayLease.class);
  private static final int LEADING_PARTITION = 0;
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** Told when this relay may relay, and when it must stop. */
  interface Holder {
    /** This relay is the one that relays now. */
    void acquired();

    /** This relay must stop relaying before this returns. */
    void released();
  }

  private final String topic;
  private final Holder holder;
  private final Subscription subscription;
  private final Thread poller;
  private volatile boolean closed;
  private boolean held; // poller thread only

  private RelayLease(Transport transport, String name, Holder holder) {
    this.topic = topic(name);
    this.holder = holder;
    this.subscription = transport.subscribe(topic, topic, StartPosition.latest(), new Listener());
    this.poller =
        Thread.ofPlatform().daemon().name("herald-relay-lease-" + name).unstarted(this::poll);
  }

  /** Joins the group of relays called {@code name} and starts polling it. */
  static RelayLease join(Transport transport, String name, Holder holder) {
    RelayLease lease = new RelayLease(transport, name, holder);
    lease.poller.start();
    return lease;
  }

  /** The topic, and consumer group, of the relays called {@code name}. */
  static String topic(String name) {
    return "herald.relay." + name;
  }

  private void poll() {
    try {
      while (!closed) {
        try {
          List<Delivery> unused = subscription.poll(POLL);
        } catch (RuntimeException e) {
          log.warn(
              "relay lease {} could not poll its group; trying again: {}", topic, e.toString());
          Thread.sleep(AFTER_FAILURE);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // leaving the group hands the lease on; a transport may call onRevoked while it leaves
      subscription.close();
      release();
    }
  }

  private void release() {
    if (held) {
      held = false;
      holder.released();
    }
  }

  /** Stops relaying, if this relay relays, and leaves the group, so that another takes over. */
  @Override
  public void close() {
    closed = true;
    subscription.wakeup();
    if (Thread.currentThread() == poller) {
      return; // closed from a callback: the loop ends after it
    }
    try {
      if (!poller.join(CLOSE_WAIT)) {
        log.warn("relay lease {} did not leave its group within {}", topic, CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs on the poller thread, inside {@link Subscription#poll}. */
  private final class Listener implements RebalanceListener {
    @Override
    public void onAssigned(Set<Integer> partitions) {
      if (partitions.contains(LEADING_PARTITION) && !held && !closed) {
        held = true;
        holder.acquired();
      }
    }

    @Override
    public void onRevoked(Set<Integer> partitions) {
      if (partitions.contains(LEADING_PARTITION)) {
        release();
      }
    }
  }
}
