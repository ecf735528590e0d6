package dev.herald.core;

import java.util.List;
import java.util.Optional;

/** The {@link EventContext} the bus gives each handler call. */
record HandlerContext(Delivery delivery, String service, String group, Publisher publisher)
    implements EventContext {

  @Override
  public Envelope envelope() {
    return delivery.envelope();
  }

  @Override
  public Position position() {
    return delivery.position();
  }

  @Override
  public Position publish(Object event) {
    return publisher
        .publish(List.of(new Publisher.Outgoing(event, Optional.empty())), Optional.of(envelope()))
        .get(0);
  }

  @Override
  public Position publish(Object event, String key) {
    return publisher
        .publish(List.of(new Publisher.Outgoing(event, Optional.of(key))), Optional.of(envelope()))
        .get(0);
  }

  @Override
  public List<Position> publish(List<?> events) {
    return publisher.publish(
        events.stream().map(e -> new Publisher.Outgoing(e, Optional.empty())).toList(),
        Optional.of(envelope()));
  }
}
