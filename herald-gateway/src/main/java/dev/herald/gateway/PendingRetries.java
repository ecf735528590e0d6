package dev.herald.gateway;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The messages of one webhook waiting to be tried again, by when. Each message is in it at most
 * once, as its latest attempt. Thread-safe.
 */
final class PendingRetries {
  private static final Comparator<WebhookAttempt> BY_DUE =
      Comparator.comparing((WebhookAttempt attempt) -> attempt.nextAttempt().orElseThrow())
          .thenComparing(attempt -> attempt.message().id());

  private final TreeSet<WebhookAttempt> byDue = new TreeSet<>(BY_DUE);
  private final Map<String, WebhookAttempt> byMessage = new HashMap<>();

  /** Takes {@code attempt} as its message's latest: pending if it has a next attempt, else not. */
  synchronized void update(WebhookAttempt attempt) {
    WebhookAttempt before = byMessage.remove(attempt.message().id());
    if (before != null) {
      byDue.remove(before);
    }
    if (attempt.nextAttempt().isPresent()) {
      byMessage.put(attempt.message().id(), attempt);
      byDue.add(attempt);
    }
  }

  /** The pending message due soonest, if one is due at {@code now}. */
  synchronized Optional<WebhookAttempt> due(Instant now) {
    if (byDue.isEmpty() || byDue.first().nextAttempt().orElseThrow().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(byDue.first());
  }

  /** When the next pending message is due, if any is pending. */
  synchronized Optional<Instant> earliest() {
    return byDue.isEmpty() ? Optional.empty() : byDue.first().nextAttempt();
  }

  /** The latest attempt of message {@code messageId}, if it is pending. */
  synchronized Optional<WebhookAttempt> find(String messageId) {
    return Optional.ofNullable(byMessage.get(messageId));
  }

  /** How many messages are pending. */
  synchronized int size() {
    return byMessage.size();
  }
}
