package dev.herald.core;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.Optional;

/**
 * What Herald knows about one event record class: its type name, schema version, topic and key
 * component.
 *
 * @param <T> the event record class
 * @param javaType the record class
 * @param name the stable type name (the CloudEvents {@code type})
 * @param version the schema version, 1 or more
 * @param topic the topic its events go to
 * @param keyComponent the record component that holds the key, if one was named
 * @param schemaUri the CloudEvents {@code dataschema} Herald writes: {@code
 *     urn:herald:NAME:vVERSION}
 */
public record RegisteredType<T>(
    Class<T> javaType,
    String name,
    int version,
    String topic,
    Optional<RecordComponent> keyComponent,
    URI schemaUri) {

  /** The schema URI Herald writes for {@code name} at {@code version}. */
  static URI schemaUri(String name, int version) {
    return URI.create("urn:herald:" + name + ":v" + version);
  }

  /**
   * The key of {@code event} read from the key component, if the type has one.
   *
   * @throws HeraldException if the component's value is null or cannot be read
   */
  public Optional<String> keyOf(Object event) {
    if (keyComponent.isEmpty()) {
      return Optional.empty();
    }
    RecordComponent component = keyComponent.get();
    Object value;
    try {
      value = component.getAccessor().invoke(event);
    } catch (ReflectiveOperationException e) {
      throw new HeraldException(
          "cannot read key component '"
              + component.getName()
              + "' of "
              + javaType.getName()
              + "; make the record public or pass the key when publishing",
          e);
    }
    if (value == null) {
      throw new HeraldException(
          "key component '"
              + component.getName()
              + "' of "
              + javaType.getSimpleName()
              + " is null; every "
              + name
              + " event needs a key so its order holds");
    }
    return Optional.of(value.toString());
  }
}
