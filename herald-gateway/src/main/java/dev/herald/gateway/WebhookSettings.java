package dev.herald.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a gateway delivers webhooks.
 *
 * @param clock the time deliveries are stamped, signed and scheduled with
 * @param retries when failed messages are tried again
 * @param resolver finds the addresses of webhook hosts
 * @param allowList ranges the SSRF guard permits although it would refuse them
 * @param timeout how long one delivery may take, connecting included
 * @param maxRetryAfter the longest {@code Retry-After} (on 429 and 503) that is honoured as given
 * @param secretOverlap how long a rotated-out secret is still signed with
 * @param idlePoll the longest a delivery thread waits for events before it looks at its retries
 */
record WebhookSettings(
    Clock clock,
    RetrySchedule retries,
    HostResolver resolver,
    List<Cidr> allowList,
    Duration timeout,
    Duration maxRetryAfter,
    Duration secretOverlap,
    Duration idlePoll) {

  WebhookSettings {
    allowList = List.copyOf(allowList);
  }

  /** The system clock and resolver, the standard schedule, no allow-list and a 15 s timeout. */
  static WebhookSettings defaults() {
    return new WebhookSettings(
        Clock.systemUTC(),
        RetrySchedule.STANDARD,
        HostResolver.system(),
        List.of(),
        Duration.ofSeconds(15),
        Duration.ofHours(1),
        Duration.ofHours(24),
        Duration.ofMillis(200));
  }

  WebhookSettings withClock(Clock clock) {
    return new WebhookSettings(
        clock, retries, resolver, allowList, timeout, maxRetryAfter, secretOverlap, idlePoll);
  }

  WebhookSettings withRetries(RetrySchedule retries) {
    return new WebhookSettings(
        clock, retries, resolver, allowList, timeout, maxRetryAfter, secretOverlap, idlePoll);
  }

  WebhookSettings withResolver(HostResolver resolver) {
    return new WebhookSettings(
        clock, retries, resolver, allowList, timeout, maxRetryAfter, secretOverlap, idlePoll);
  }

  WebhookSettings withAllowList(List<Cidr> allowList) {
    return new WebhookSettings(
        clock, retries, resolver, allowList, timeout, maxRetryAfter, secretOverlap, idlePoll);
  }

  /** The guard these settings ask for. */
  AddressGuard guard() {
    return new AddressGuard(allowList);
  }
}
