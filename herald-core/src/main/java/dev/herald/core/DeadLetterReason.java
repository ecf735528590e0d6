package dev.herald.core;

import java.util.Arrays;
import java.util.Locale;

/** Why an event went to the dead letters; its {@link #wireName()} is the {@code dlqreason}. */
public enum DeadLetterReason {
  /** The handler failed on every attempt its retry policy allowed, or ran out of time. */
  RETRIES_EXHAUSTED,
  /** The handler failed with an exception its retry policy does not retry. */
  NOT_RETRYABLE,
  /** The event's data could not be decoded into its record type ({@link DecodeException}). */
  UNDECODABLE,
  /**
   * The transport could not read the record as an event at all (type {@code herald.unreadable}).
   */
  UNREADABLE,
  /** Ordered mode: an earlier event with the same key is dead, so this one waits behind it. */
  PARKED;

  /** The name on the wire and in the CLI: lower case with dashes, such as {@code not-retryable}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The reason named {@code text} (its wire name, or its enum name in any case).
   *
   * @throws HeraldException listing the reasons if {@code text} is none of them
   */
  public static DeadLetterReason parse(String text) {
    for (DeadLetterReason reason : values()) {
      if (reason.wireName().equals(text) || reason.name().equalsIgnoreCase(text)) {
        return reason;
      }
    }
    throw new HeraldException(
        "dead-letter reason '"
            + text
            + "' is unknown; use one of "
            + Arrays.stream(values()).map(DeadLetterReason::wireName).toList());
  }
}
