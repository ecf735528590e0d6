package dev.herald.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** {@link Codec#json()}: Jackson with java.time and Optional support. */
final class JsonCodec implements Codec {
  static final JsonCodec INSTANCE = new JsonCodec();

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();

  private JsonCodec() {}

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] encode(Object event) {
    try {
      return mapper.writeValueAsBytes(event);
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
      T value = mapper.readValue(envelope.data(), type);
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
