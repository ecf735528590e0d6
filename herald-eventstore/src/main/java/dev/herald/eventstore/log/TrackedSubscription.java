package dev.herald.eventstore.log;

import dev.herald.eventstore.EventSubscription;
import java.util.Set;

/** A subscription in its store's set of running ones, which the store closes when it closes. */
final class TrackedSubscription implements EventSubscription {
  private final EventSubscription subscription;
  private final Set<EventSubscription> running;

  TrackedSubscription(EventSubscription subscription, Set<EventSubscription> running) {
    this.subscription = subscription;
    this.running = running;
    running.add(this);
  }

  @Override
  public long nextPosition() {
    return subscription.nextPosition();
  }

  @Override
  public boolean isLive() {
    return subscription.isLive();
  }

  @Override
  public void close() {
    running.remove(this);
    subscription.close();
  }
}
