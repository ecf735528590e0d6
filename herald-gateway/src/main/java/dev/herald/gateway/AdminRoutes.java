package dev.herald.gateway;

import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.util.List;

/**
 * The admin API beyond schemas: topics, consumer groups and their lag, dead letters, and event
 * lookup. Every endpoint needs the admin right ({@link AccessControl}) and answers JSON, or a
 * problem.
 */
final class AdminRoutes {
  private AdminRoutes() {}

  /** The admin endpoints over {@code transport}, looking events up in {@code index}. */
  static List<Routes> of(Transport transport, AccessControl access, EventIndex index) {
    return List.of(
        new TopicRoutes(transport, access),
        new GroupRoutes(transport, access),
        new DeadLetterRoutes(transport, access, Clock.systemUTC()),
        new EventRoutes(index, access));
  }
}
