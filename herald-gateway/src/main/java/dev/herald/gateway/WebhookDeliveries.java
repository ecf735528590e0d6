package dev.herald.gateway;

import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link WebhookWorker} per enabled webhook, starting one when a webhook is registered or
 * enabled; a worker ends by itself once its webhook is disabled or deleted. {@link #close} tells
 * them all to stop. Thread-safe.
 */
final class WebhookDeliveries implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

  private final Transport transport;
  private final WebhookRegistry registry;
  private final WebhookAttempts attempts;
  private final WebhookDelivery delivery;
  private final WebhookSettings settings;
  private final Map<String, WebhookWorker> workers = new HashMap<>();
  private final List<WebhookWorker> stopping = new CopyOnWriteArrayList<>();
  private boolean closed;

  WebhookDeliveries(
      Transport transport,
      WebhookRegistry registry,
      WebhookAttempts attempts,
      WebhookDelivery delivery,
      WebhookSettings settings) {
    this.transport = transport;
    this.registry = registry;
    this.attempts = attempts;
    this.delivery = delivery;
    this.settings = settings;
  }

  /** Starts delivering to every enabled webhook, and to those enabled from now on. */
  void start() {
    registry.onChange(this::changed);
    registry.all().forEach(webhook -> changed(webhook.id()));
  }

  /** Webhook {@code id} was saved or deleted. */
  synchronized void changed(String id) {
    if (closed) {
      return;
    }
    WebhookWorker worker = workers.get(id);
    if (worker != null) {
      worker.wakeup();
    } else if (current(id).isPresent()) {
      worker = new WebhookWorker(id, this, transport, delivery, attempts.pending(id), settings);
      workers.put(id, worker);
      worker.start();
    }
    if (registry.find(id).isEmpty()) {
      attempts.forget(id);
    }
  }

  /** Webhook {@code id}, if it is registered and enabled. */
  Optional<Webhook> current(String id) {
    return registry.find(id).filter(Webhook::enabled);
  }

  /**
   * The webhook {@code worker} delivers to, if it should go on; if not, it is forgotten and must
   * end.
   */
  synchronized Optional<Webhook> keepRunning(WebhookWorker worker) {
    Optional<Webhook> webhook = closed ? Optional.empty() : current(worker.id());
    if (webhook.isEmpty()) {
      workers.remove(worker.id(), worker);
    }
    return webhook;
  }

  /** Tells every worker to stop after the message under way; see {@link #awaitEnd}. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      stopping.addAll(workers.values());
      workers.clear();
    }
    stopping.forEach(WebhookWorker::stop);
  }

  /** Waits up to {@code wait} in all for the workers told to stop to end. */
  void awaitEnd(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      for (WebhookWorker worker : stopping) {
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        if (!worker.awaitEnd(left)) {
          log.warn("webhook {}: delivery thread still running after {}", worker.id(), wait);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
