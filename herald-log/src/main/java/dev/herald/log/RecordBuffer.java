package dev.herald.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array that records are encoded into; not thread-safe. */
final class RecordBuffer {
  private byte[] bytes;
  private int size;

  RecordBuffer(int initialCapacity) {
    bytes = new byte[Math.max(64, initialCapacity)];
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  /** Moves the end back to {@code size}, dropping what was written after it. */
  void truncate(int size) {
    this.size = size;
  }

  void skip(int count) {
    ensure(count);
    size += count;
  }

  void put(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void putInt(int value) {
    ensure(4);
    Bytes.putInt(bytes, size, value);
    size += 4;
  }

  void putLong(long value) {
    ensure(8);
    Bytes.putLong(bytes, size, value);
    size += 8;
  }

  void putInt(int index, int value) {
    Bytes.putInt(bytes, index, value);
  }

  /** An unsigned LEB128 varint, 1 to 5 bytes. */
  void putVarint(int value) {
    ensure(5);
    while ((value & ~0x7f) != 0) {
      bytes[size++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  void putBytes(byte[] source) {
    putVarint(source.length);
    ensure(source.length);
    System.arraycopy(source, 0, bytes, size, source.length);
    size += source.length;
  }

  /** A varint byte length and the UTF-8 bytes of {@code text}. */
  void putString(String text) {
    // Attributes are nearly always ASCII: written straight in, without a byte array per string.
    int length = text.length();
    int start = size;
    putVarint(length);
    ensure(length);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        size = start;
        putBytes(text.getBytes(StandardCharsets.UTF_8));
        return;
      }
      bytes[size++] = (byte) c;
    }
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + more);
      bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
    }
  }
}
