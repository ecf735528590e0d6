package dev.herald.testkit;

import dev.herald.core.DeadLetters;
import dev.herald.core.EventBus;
import dev.herald.core.EventHandler;
import dev.herald.core.HandlerOptions;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The bus a {@link HandlerFaults} registration sees: a real bus that notes which event types get a
 * handler. It refuses {@code start} and {@code close}, which the harness does itself, and
 * publishing, since the harness delivers exactly the events it was given. Not thread-safe, as
 * registration is not.
 */
final class RegisteringBus implements EventBus {
  private final EventBus delegate;
  private final List<Class<?>> handled = new ArrayList<>();

  RegisteringBus(EventBus delegate) {
    this.delegate = delegate;
  }

  /** The event types registered so far, in registration order. */
  List<Class<?>> handled() {
    return List.copyOf(handled);
  }

  @Override
  public String service() {
    return delegate.service();
  }

  @Override
  public String group() {
    return delegate.group();
  }

  @Override
  public <E> EventBus on(Class<E> type, EventHandler<? super E> handler) {
    delegate.on(type, handler);
    handled.add(type);
    return this;
  }

  @Override
  public <E> EventBus on(Class<E> type, EventHandler<? super E> handler, HandlerOptions options) {
    delegate.on(type, handler, options);
    handled.add(type);
    return this;
  }

  @Override
  public DeadLetters deadLetters() {
    return delegate.deadLetters();
  }

  @Override
  public void start() {
    throw new HeraldException(
        "HandlerFaults starts the bus itself; the registration should only call on(...)");
  }

  @Override
  public Position publish(Object event) {
    throw refusePublish();
  }

  @Override
  public Position publish(Object event, String key) {
    throw refusePublish();
  }

  @Override
  public CompletableFuture<Position> publishAsync(Object event) {
    throw refusePublish();
  }

  @Override
  public List<Position> publish(List<?> events) {
    throw refusePublish();
  }

  @Override
  public void close() {
    throw new HeraldException(
        "HandlerFaults closes the bus itself; the registration should only call on(...)");
  }

  private static HeraldException refusePublish() {
    return new HeraldException(
        "the registration of HandlerFaults should only call on(...); give the events to deliver"
            + " to HandlerFaults.events(...)");
  }
}
