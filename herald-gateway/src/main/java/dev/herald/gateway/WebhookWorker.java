package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to one webhook on its own virtual thread: reads the topics it follows with its consumer
 * group, sends each event of a type it takes, and tries pending messages again when they are due. A
 * failed message is left to its retries and the offset committed, so one bad message never holds up
 * the others. It re-reads the webhook before each message, so changes (URL, types, secrets) apply
 * at once, and it ends when the webhook is disabled or deleted or the gateway closes.
 */
final class WebhookWorker {
  private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

  private final String id;
  private final WebhookDeliveries owner;
  private final Transport transport;
  private final WebhookDelivery delivery;
  private final PendingRetries pending;
  private final WebhookSettings settings;
  private final Map<String, Subscription> following = new ConcurrentHashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;

  WebhookWorker(
      String id,
      WebhookDeliveries owner,
      Transport transport,
      WebhookDelivery delivery,
      PendingRetries pending,
      WebhookSettings settings) {
    this.id = id;
    this.owner = owner;
    this.transport = transport;
    this.delivery = delivery;
    this.pending = pending;
    this.settings = settings;
    this.thread = Thread.ofVirtual().name("herald-webhook-" + id).unstarted(this::run);
  }

  String id() {
    return id;
  }

  void start() {
    thread.start();
  }

  /** Makes it look at its webhook again now. Safe from any thread. */
  void wakeup() {
    following.values().forEach(Subscription::wakeup);
  }

  /**
   * Tells it to stop after the message under way; it commits what it delivered. It is not
   * interrupted: that would break the transport's file channels under it. Safe from any thread.
   */
  void stop() {
    stopping.countDown();
    wakeup();
  }

  /** Waits up to {@code wait} for it to end; whether it did. */
  boolean awaitEnd(Duration wait) throws InterruptedException {
    return thread.join(wait);
  }

  private void run() {
    try {
      for (Optional<Webhook> webhook = owner.keepRunning(this);
          webhook.isPresent();
          webhook = owner.keepRunning(this)) {
        try {
          follow(webhook.get());
          retryDue();
          pollOnce();
        } catch (CancellationException e) {
          throw e;
        } catch (RuntimeException e) {
          log.warn("webhook {}: delivering failed; trying again shortly", id, e);
          stopping.await(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException | CancellationException e) {
      // stopped, or the gateway closed the client under a delivery: it is sent again next time
    } finally {
      following.values().forEach(Subscription::close);
    }
  }

  private void follow(Webhook webhook) {
    for (String topic : webhook.topics()) {
      following.computeIfAbsent(
          topic,
          t ->
              transport.subscribe(
                  t, webhook.group(), StartPosition.latest(), RebalanceListener.none()));
    }
    following
        .entrySet()
        .removeIf(
            followed -> {
              if (webhook.topics().contains(followed.getKey())) {
                return false;
              }
              followed.getValue().close();
              return true;
            });
  }

  private void retryDue() throws InterruptedException {
    for (Optional<WebhookAttempt> due = pending.due(settings.clock().instant());
        due.isPresent() && stopping.getCount() > 0;
        due = pending.due(settings.clock().instant())) {
      Optional<Webhook> webhook = owner.current(id);
      if (webhook.isEmpty()) {
        return;
      }
      delivery.attempt(webhook.get(), due.get().message(), due.get().number() + 1);
    }
  }

  private void pollOnce() throws InterruptedException {
    Duration wait = settings.idlePoll();
    Optional<Instant> next = pending.earliest();
    if (next.isPresent()) {
      Duration untilDue = Duration.between(settings.clock().instant(), next.get());
      wait = untilDue.compareTo(wait) < 0 ? untilDue : wait;
    }
    if (following.isEmpty()) {
      stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    long sliceMillis = Math.max(1, wait.toMillis() / following.size());
    for (Subscription subscription : List.copyOf(following.values())) {
      if (!handle(subscription, subscription.poll(Duration.ofMillis(sliceMillis)))) {
        return;
      }
    }
  }

  /** Delivers {@code batch}; false if it stopped before the end (read again from there later). */
  private boolean handle(Subscription subscription, List<Delivery> batch)
      throws InterruptedException {
    Map<Integer, Long> done = new HashMap<>();
    int handled = 0;
    try {
      for (Delivery event : batch) {
        Optional<Webhook> webhook = owner.current(id);
        if (stopping.getCount() == 0
            || webhook.isEmpty()
            || !webhook.get().topics().contains(event.topic())) {
          return false;
        }
        if (webhook.get().takes(event.envelope().type())) {
          delivery.attempt(webhook.get(), WebhookMessage.of(webhook.get(), event), 1);
        }
        done.put(event.partition(), event.offset() + 1);
        handled++;
      }
      return true;
    } finally {
      if (!done.isEmpty()) {
        subscription.commit(done);
      }
      Map<Integer, Long> rewind = new HashMap<>();
      for (Delivery rest : batch.subList(handled, batch.size())) {
        rewind.putIfAbsent(rest.partition(), rest.offset());
      }
      rewind.forEach(subscription::seek);
    }
  }
}
