package dev.herald.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian ints and longs in byte arrays, as every file of the log stores them. */
final class Bytes {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Bytes() {}

  static int getInt(byte[] bytes, int index) {
    return (int) INT.get(bytes, index);
  }

  static long getLong(byte[] bytes, int index) {
    return (long) LONG.get(bytes, index);
  }

  static void putInt(byte[] bytes, int index, int value) {
    INT.set(bytes, index, value);
  }

  static void putLong(byte[] bytes, int index, long value) {
    LONG.set(bytes, index, value);
  }
}
