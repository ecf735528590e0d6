package dev.herald.core;

import dev.herald.core.spi.Names;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The registry that maps event record classes to type names and back. Records annotated with {@link
 * EventType} register themselves on first use; others are registered with {@link #register(Class,
 * String, int, String, String)}. Thread-safe.
 */
public final class EventTypes {
  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private final Map<Class<?>, RegisteredType<?>> byClass = new ConcurrentHashMap<>();
  private final Map<String, RegisteredType<?>> byName = new ConcurrentHashMap<>();

  /** An empty registry; annotated records are added on first use. */
  public EventTypes() {}

  /**
   * Registers {@code type} from its {@link EventType} annotation.
   *
   * @throws HeraldException if it is not an annotated record or clashes with a registered type
   */
  public <T> RegisteredType<T> register(Class<T> type) {
    EventType annotation = type.getAnnotation(EventType.class);
    if (annotation == null) {
      throw new HeraldException(
          type.getName()
              + " is not annotated with @EventType; annotate it or register it with"
              + " register(type, name, version, topic, key)");
    }
    return register(
        type, annotation.name(), annotation.version(), annotation.topic(), annotation.key());
  }

  /**
   * Registers {@code type} under {@code name}.
   *
   * @param topic the topic; empty for the name without its last segment
   * @param keyComponent the record component holding the key; empty for none
   * @throws HeraldException if a setting is invalid or the class or name is already taken
   */
  public synchronized <T> RegisteredType<T> register(
      Class<T> type, String name, int version, String topic, String keyComponent) {
    if (!type.isRecord()) {
      throw new HeraldException(
          type.getName() + " is not a record; events are immutable facts, declare it as a record");
    }
    if (name == null || !TYPE_NAME.matcher(name).matches()) {
      throw new HeraldException(
          "event type name '"
              + name
              + "' of "
              + type.getName()
              + " must be dot-separated words"
              + " such as shop.order.placed");
    }
    if (version < 1) {
      throw new HeraldException(
          "event type " + name + " has version " + version + "; versions start at 1");
    }
    String resolvedTopic = topic == null || topic.isEmpty() ? defaultTopic(name) : topic;
    Names.check("topic of event type " + name + ": topic", resolvedTopic);
    Optional<RecordComponent> key = Optional.empty();
    if (keyComponent != null && !keyComponent.isEmpty()) {
      key =
          Arrays.stream(type.getRecordComponents())
              .filter(c -> c.getName().equals(keyComponent))
              .findFirst();
      if (key.isEmpty()) {
        throw new HeraldException(
            "event type "
                + name
                + " names key '"
                + keyComponent
                + "', but "
                + type.getSimpleName()
                + " has no such component; use one of "
                + Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
      }
      key.get().getAccessor().trySetAccessible();
    }
    RegisteredType<T> registered =
        new RegisteredType<>(
            type, name, version, resolvedTopic, key, RegisteredType.schemaUri(name, version));
    RegisteredType<?> sameClass = byClass.get(type);
    if (sameClass != null) {
      if (sameSettings(sameClass, registered)) {
        @SuppressWarnings("unchecked") // byClass maps each class to its own registration
        RegisteredType<T> existing = (RegisteredType<T>) sameClass;
        return existing;
      }
      throw new HeraldException(
          type.getName()
              + " is already registered as "
              + sameClass.name()
              + " with other settings; register it once");
    }
    RegisteredType<?> sameName = byName.get(name);
    if (sameName != null) {
      throw new HeraldException(
          "event type name "
              + name
              + " is taken by "
              + sameName.javaType().getName()
              + "; give "
              + type.getName()
              + " a name of its own");
    }
    byClass.put(type, registered);
    byName.put(name, registered);
    return registered;
  }

  /**
   * The registration of {@code type}, registering it from its annotation if needed.
   *
   * @throws HeraldException if it is neither registered nor annotated
   */
  @SuppressWarnings("unchecked") // byClass maps each class to its own registration
  public <T> RegisteredType<T> of(Class<T> type) {
    RegisteredType<?> found = byClass.get(type);
    return found != null ? (RegisteredType<T>) found : register(type);
  }

  /** The registration for the type name {@code name}, if any. */
  public Optional<RegisteredType<?>> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  private static boolean sameSettings(RegisteredType<?> a, RegisteredType<?> b) {
    return a.name().equals(b.name())
        && a.version() == b.version()
        && a.topic().equals(b.topic())
        && a.keyComponent().map(c -> c.getName()).equals(b.keyComponent().map(c -> c.getName()));
  }

  /**
   * The topic of events of type {@code typeName} unless their {@link EventType#topic} says
   * otherwise: the name without its last segment ({@code shop.order} for {@code
   * shop.order.placed}).
   */
  public static String defaultTopic(String typeName) {
    int lastDot = typeName.lastIndexOf('.');
    return lastDot > 0 ? typeName.substring(0, lastDot) : typeName;
  }
}
