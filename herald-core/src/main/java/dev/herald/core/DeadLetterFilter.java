package dev.herald.core;

import java.time.Instant;
import java.util.Optional;

/**
 * Which dead letters a {@link DeadLetters} call selects: every condition given must hold. Start
 * from {@link #all()} and narrow it; immutable.
 *
 * <pre>{@code
 * deadLetters.list(DeadLetterFilter.all().type("shop.order.paid").since(yesterday));
 * }</pre>
 *
 * @param type the event type, such as {@code shop.order.paid}
 * @param reason why it was dead-lettered
 * @param since dead-lettered at or after this time
 * @param until dead-lettered before this time
 * @param key the event's partition key
 * @param includeResolved whether replayed and purged dead letters are selected too (only {@link
 *     DeadLetters#list} honours it; replay and purge act on pending ones only)
 */
public record DeadLetterFilter(
    Optional<String> type,
    Optional<DeadLetterReason> reason,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<String> key,
    boolean includeResolved) {

  private static final DeadLetterFilter ALL =
      new DeadLetterFilter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false);

  /**
   * Checks the settings.
   *
   * @throws HeraldException if one is null or {@code until} is not after {@code since}
   */
  public DeadLetterFilter {
    if (type == null || reason == null || since == null || until == null || key == null) {
      throw new HeraldException("filter settings must not be null; use Optional.empty()");
    }
    if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
      throw new HeraldException(
          "until " + until.get() + " is not after since " + since.get() + "; swap them");
    }
  }

  /** Every pending dead letter. */
  public static DeadLetterFilter all() {
    return ALL;
  }

  /** Only events of {@code eventType}. */
  public DeadLetterFilter type(String eventType) {
    return new DeadLetterFilter(Optional.of(eventType), reason, since, until, key, includeResolved);
  }

  /** Only dead letters for {@code why}. */
  public DeadLetterFilter reason(DeadLetterReason why) {
    return new DeadLetterFilter(type, Optional.of(why), since, until, key, includeResolved);
  }

  /** Only dead letters from {@code from} on. */
  public DeadLetterFilter since(Instant from) {
    return new DeadLetterFilter(type, reason, Optional.of(from), until, key, includeResolved);
  }

  /** Only dead letters from before {@code before}. */
  public DeadLetterFilter until(Instant before) {
    return new DeadLetterFilter(type, reason, since, Optional.of(before), key, includeResolved);
  }

  /** Only events with partition key {@code partitionKey}. */
  public DeadLetterFilter key(String partitionKey) {
    return new DeadLetterFilter(
        type, reason, since, until, Optional.of(partitionKey), includeResolved);
  }

  /** Replayed and purged ones too (for {@link DeadLetters#list}). */
  public DeadLetterFilter withResolved() {
    return new DeadLetterFilter(type, reason, since, until, key, true);
  }

  /** Whether {@code letter} passes. */
  public boolean test(DeadLetter letter) {
    return (includeResolved || letter.status() == DeadLetter.Status.PENDING)
        && type.map(letter.envelope().type()::equals).orElse(true)
        && reason.map(r -> r == letter.reason()).orElse(true)
        && since.map(s -> !letter.time().isBefore(s)).orElse(true)
        && until.map(u -> letter.time().isBefore(u)).orElse(true)
        && key.map(k -> letter.envelope().partitionKey().map(k::equals).orElse(false)).orElse(true);
  }
}
