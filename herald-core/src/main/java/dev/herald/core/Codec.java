package dev.herald.core;

/**
 * Turns event records into envelope data and back. Implementations are thread-safe.
 *
 * @see #json()
 */
public interface Codec {
  /** The media type written to {@code datacontenttype}, such as {@code application/json}. */
  String contentType();

  /**
   * Encodes {@code event}.
   *
   * @throws HeraldException if the event cannot be encoded
   */
  byte[] encode(Object event);

  /**
   * Decodes the data of {@code envelope} into {@code type}.
   *
   * @throws DecodeException if the data does not fit {@code type}; never any other exception
   */
  <T> T decode(Envelope envelope, Class<T> type);

  /**
   * JSON through Jackson: records, nested records, collections, {@code Optional} and {@code
   * java.time} values (as ISO-8601 text); unknown fields are ignored so that producers can add
   * fields without breaking consumers.
   */
  static Codec json() {
    return JsonCodec.INSTANCE;
  }
}
