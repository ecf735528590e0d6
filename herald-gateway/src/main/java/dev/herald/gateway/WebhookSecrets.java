package dev.herald.gateway;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The signing secrets of a webhook: the current one and, for a while after a rotation, the one
 * before it, so that receivers can switch secrets without dropping a delivery. Secrets are {@code
 * whsec_} followed by the base64 of 32 random bytes, as Standard Webhooks writes them.
 *
 * @param current the secret every delivery is signed with
 * @param previous the secret before the last rotation, if it is still signed with
 * @param previousUntil until when {@code previous} is signed with
 */
record WebhookSecrets(String current, Optional<String> previous, Optional<Instant> previousUntil) {
  static final String PREFIX = "whsec_";
  private static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new, random secret and no previous one. */
  static WebhookSecrets generate() {
    return new WebhookSecrets(newSecret(), Optional.empty(), Optional.empty());
  }

  /**
   * A new current secret; the one it replaces is signed with alongside it for {@code overlap} (a
   * previous secret still in its overlap is dropped).
   */
  WebhookSecrets rotate(Instant now, Duration overlap) {
    return new WebhookSecrets(newSecret(), Optional.of(current), Optional.of(now.plus(overlap)));
  }

  /** The secrets to sign with at {@code now}: the current one first. */
  List<String> signingAt(Instant now) {
    List<String> signing = new ArrayList<>(2);
    signing.add(current);
    if (previous.isPresent() && previousUntil.isPresent() && now.isBefore(previousUntil.get())) {
      signing.add(previous.get());
    }
    return signing;
  }

  private static String newSecret() {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }
}
