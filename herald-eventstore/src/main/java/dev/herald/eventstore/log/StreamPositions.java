package dev.herald.eventstore.log;

import java.util.Arrays;

/**
 * One stream in the index: the position of each of its versions, in a growable array of longs
 * (version i at index i). Not thread-safe; the store's lock guards it.
 */
final class StreamPositions {
  final String name;
  private long[] positions = new long[2];
  private int size;

  StreamPositions(String name) {
    this.name = name;
  }

  /** Versions stored, visible or not: the next version is this. */
  int size() {
    return size;
  }

  /** The position of {@code version}. */
  long position(long version) {
    return positions[Math.toIntExact(version)];
  }

  /** Adds the next version at {@code position}. */
  void add(long position) {
    if (size == positions.length) {
      positions = Arrays.copyOf(positions, size + (size >> 1) + 2);
    }
    positions[size++] = position;
  }

  /** How many versions have a position below {@code end}: those readers may see. */
  int visible(long end) {
    int visible = size;
    while (visible > 0 && positions[visible - 1] >= end) {
      visible--; // only appends still being written, a handful at most
    }
    return visible;
  }

  /** The positions of versions {@code from} (inclusive) to {@code to} (exclusive). */
  long[] positions(int from, int to) {
    return Arrays.copyOfRange(positions, from, to);
  }
}
