package dev.herald.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as an event and gives it a stable type name. Classes with this annotation are
 * registered in {@link EventTypes} on first use; others must be registered explicitly.
 *
 * <pre>{@code
 * @EventType(name = "shop.order.placed", key = "orderId")
 * public record OrderPlaced(String orderId, List<Line> lines, Instant at) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
  /** Stable type name, dot-separated, in the past tense: {@code shop.order.placed}. */
  String name();

  /** Schema version of the record, starting at 1; raise it when the shape changes. */
  int version() default 1;

  /**
   * Topic the events go to. Empty means the name without its last segment, so {@code
   * shop.order.placed} and {@code shop.order.cancelled} share the topic {@code shop.order} and keep
   * their relative order.
   */
  String topic() default "";

  /**
   * Record component whose value is the key (picks the partition, so events with one key stay in
   * order). Empty means no key unless one is given when publishing.
   */
  String key() default "";
}
