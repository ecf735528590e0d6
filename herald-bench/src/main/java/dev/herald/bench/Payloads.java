package dev.herald.bench;

import dev.herald.core.Codec;
import dev.herald.core.HeraldException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The workload's events at one size: {@code keys} keys ({@code k-0}, {@code k-1}, ...) and events
 * whose data is exactly {@code size} bytes on every side. Herald's data is the JSON of a {@link
 * BenchEvent}, padded to the size; raw Kafka's (and the CloudEvents SDK's) is the sequence and send
 * time as two longs followed by the same filler. The filler is random letters and digits (fixed
 * seed), so that compression gets no easier ride than with real data. Thread-safe.
 */
final class Payloads {
  /** The smallest size a {@link BenchEvent} with any sequence and time fits in. */
  static final int MIN_SIZE = 100;

  private static final int RAW_HEADER = 2 * Long.BYTES;
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final int size;
  private final String[] keys;
  private final byte[][] keyBytes;
  private final byte[] rawTemplate;
  private final String filler;
  // Made once per length (only a few occur), so that sending costs Herald no more than a record.
  // Filled lazily; a race only makes an equal string twice.
  private final String[] paddings;
  private final int jsonOverhead;

  Payloads(int size, int keys) {
    if (size < MIN_SIZE) {
      throw new HeraldException("event size " + size + " is below the minimum of " + MIN_SIZE);
    }
    this.size = size;
    this.keys = new String[keys];
    this.keyBytes = new byte[keys][];
    for (int i = 0; i < keys; i++) {
      this.keys[i] = "k-" + i;
      this.keyBytes[i] = this.keys[i].getBytes(StandardCharsets.UTF_8);
    }
    this.filler = filler(size);
    this.paddings = new String[size + 1];
    this.rawTemplate = filler.getBytes(StandardCharsets.US_ASCII);
    // The JSON of an event with an empty key and padding and one-digit numbers, less those digits.
    this.jsonOverhead = Codec.json().encode(new BenchEvent("", 0, 0, "")).length - 2;
  }

  int size() {
    return size;
  }

  int keyCount() {
    return keys.length;
  }

  /** The event Herald publishes: its JSON is exactly {@link #size()} bytes. */
  BenchEvent event(int key, long sequence, long sentNanos) {
    String name = keys[key];
    int padding = size - jsonOverhead - name.length() - digits(sequence) - digits(sentNanos);
    if (padding < 0) {
      throw new HeraldException("event size " + size + " is too small for key " + name);
    }
    String fill = paddings[padding];
    if (fill == null) {
      fill = filler.substring(0, padding);
      paddings[padding] = fill;
    }
    return new BenchEvent(name, sequence, sentNanos, fill);
  }

  /** Key number {@code key} as text, such as {@code k-3}: the key every side sends. */
  String key(int key) {
    return keys[key];
  }

  /** The record key raw Kafka sends: the UTF-8 bytes of the same key Herald uses. */
  byte[] rawKey(int key) {
    return keyBytes[key];
  }

  /** The record value raw Kafka sends: {@link #size()} bytes with the sequence and send time. */
  byte[] raw(long sequence, long sentNanos) {
    byte[] value = rawTemplate.clone();
    ByteBuffer.wrap(value).putLong(0, sequence).putLong(Long.BYTES, sentNanos);
    return value;
  }

  static long rawSequence(byte[] value) {
    return ByteBuffer.wrap(value).getLong(0);
  }

  static long rawSentNanos(byte[] value) {
    return ByteBuffer.wrap(value, 0, RAW_HEADER).getLong(Long.BYTES);
  }

  private static String filler(int size) {
    SplittableRandom random = new SplittableRandom(size);
    StringBuilder filler = new StringBuilder(size);
    for (int i = 0; i < size; i++) {
      filler.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return filler.toString();
  }

  /** Characters of {@code value} in decimal, with its sign; no allocation. */
  static int digits(long value) {
    if (value == Long.MIN_VALUE) {
      return 20;
    }
    int sign = value < 0 ? 1 : 0;
    long rest = Math.abs(value);
    int digits = 1;
    while (rest >= 10) {
      rest /= 10;
      digits++;
    }
    return sign + digits;
  }
}
