package dev.herald.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;

/** {@link Codec#json()}: Jackson with java.time and Optional support. */
final class JsonCodec implements Codec {
  static final JsonCodec INSTANCE = new JsonCodec();

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .addModule(new BlackbirdModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();

  // One reader and writer per event class, so that no call looks up its type again.
  private final ClassValue<ObjectReader> readers =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return mapper.readerFor(type);
        }
      };
  private final ClassValue<ObjectWriter> writers =
      new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
          return mapper.writerFor(type);
        }
      };

  private JsonCodec() {}

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] encode(Object event) {
    try {
      return writers.get(event.getClass()).writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new HeraldException(
          "cannot encode "
              + event.getClass().getName()
              + " as JSON: "
              + e.getOriginalMessage()
              + "; events should hold only records, collections, strings, numbers and java.time"
              + " values",
          e);
    }
  }

  @Override
  public <T> T decode(Envelope envelope, Class<T> type) {
    try {
      T value = readers.get(type).readValue(envelope.data());
      if (value == null) {
        throw new DecodeException(envelope, "data is JSON null", null);
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof DecodeException decode) {
        throw decode;
      }
      String problem =
          e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
      throw new DecodeException(
          envelope, "not a valid " + type.getSimpleName() + ": " + problem, e);
    }
  }
}
