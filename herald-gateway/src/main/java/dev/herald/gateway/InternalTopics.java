package dev.herald.gateway;

import dev.herald.core.DeadLetters;

/** Which topics and event types are Herald's own bookkeeping rather than a service's events. */
final class InternalTopics {
  private InternalTopics() {}

  /**
   * Whether {@code topic} is Herald's own: named {@code herald.*}, or a consumer group's dead
   * letters ({@code <group>.dlq}) or their record of replays and purges ({@code
   * <group>.dlq-actions}).
   */
  static boolean isInternal(String topic) {
    return topic.startsWith("herald.")
        || topic.endsWith(DeadLetters.topic(""))
        || topic.endsWith(DeadLetters.actionsTopic(""));
  }

  /** Whether events of {@code type} are Herald's control events ({@code herald.*}). */
  static boolean isControlEvent(String type) {
    return type.startsWith("herald.");
  }
}
