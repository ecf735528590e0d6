package dev.herald.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks a partition for a key: murmur2 of the key's UTF-8 bytes, the same hash Apache Kafka's
 * default partitioner uses, so Herald and plain Kafka producers agree. Events without a key are
 * spread round-robin.
 */
public final class Partitioner {
  private static final AtomicInteger ROUND_ROBIN = new AtomicInteger();

  private Partitioner() {}

  /** The partition for {@code key} (or round-robin for {@code null}) among {@code count}. */
  public static int partition(String key, int count) {
    if (key == null) {
      return (ROUND_ROBIN.getAndIncrement() & 0x7fffffff) % count;
    }
    return (murmur2(key.getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % count;
  }

  /** Kafka's murmur2 variant, seed 0x9747b28c. */
  static int murmur2(byte[] data) {
    int length = data.length;
    int seed = 0x9747b28c;
    final int m = 0x5bd1e995;
    final int r = 24;
    int h = seed ^ length;
    int length4 = length / 4;
    for (int i = 0; i < length4; i++) {
      final int i4 = i * 4;
      int k =
          (data[i4] & 0xff)
              + ((data[i4 + 1] & 0xff) << 8)
              + ((data[i4 + 2] & 0xff) << 16)
              + ((data[i4 + 3] & 0xff) << 24);
      k *= m;
      k ^= k >>> r;
      k *= m;
      h *= m;
      h ^= k;
    }
    int tail = length & ~3;
    int remaining = length % 4;
    if (remaining == 3) {
      h ^= (data[tail + 2] & 0xff) << 16;
    }
    if (remaining >= 2) {
      h ^= (data[tail + 1] & 0xff) << 8;
    }
    if (remaining >= 1) {
      h ^= data[tail] & 0xff;
      h *= m;
    }
    h ^= h >>> 13;
    h *= m;
    h ^= h >>> 15;
    return h;
  }
}
