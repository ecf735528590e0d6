package dev.herald.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An envelope's extension attributes: an immutable map sorted by name, held in two arrays. An
 * envelope carries a handful of extensions and every hop reads them, so a scan of a short array
 * beats both hashing and a tree.
 */
final class Extensions extends AbstractMap<String, String> {
  static final Extensions EMPTY = new Extensions(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;

  private Extensions(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** {@code map}'s entries, sorted by name; {@code map} itself if it is one already. */
  static Extensions copyOf(Map<String, String> map) {
    if (map instanceof Extensions extensions) {
      return extensions;
    }
    if (map.isEmpty()) {
      return EMPTY;
    }
    Sorted sorted = new Sorted(map.size());
    map.forEach(sorted::put);
    return sorted.build();
  }

  @Override
  public String get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], values[i]);
    }
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }

  private int indexOf(Object name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Collects extensions in name order; a name put again replaces its value. */
  static final class Sorted {
    private String[] names;
    private String[] values;
    private int count;

    Sorted(int capacity) {
      names = new String[Math.max(capacity, 2)];
      values = new String[names.length];
    }

    void put(String name, String value) {
      int at = 0;
      while (at < count && names[at].compareTo(name) < 0) {
        at++;
      }
      if (at < count && names[at].equals(name)) {
        values[at] = value;
        return;
      }
      if (count == names.length) {
        names = Arrays.copyOf(names, count * 2);
        values = Arrays.copyOf(values, count * 2);
      }
      System.arraycopy(names, at, names, at + 1, count - at);
      System.arraycopy(values, at, values, at + 1, count - at);
      names[at] = name;
      values[at] = value;
      count++;
    }

    void remove(String name) {
      for (int i = 0; i < count; i++) {
        if (names[i].equals(name)) {
          System.arraycopy(names, i + 1, names, i, count - i - 1);
          System.arraycopy(values, i + 1, values, i, count - i - 1);
          count--;
          names[count] = null;
          values[count] = null;
          return;
        }
      }
    }

    /** The extensions so far; this collector may go on being used. */
    Extensions build() {
      return count == 0
          ? EMPTY
          : new Extensions(Arrays.copyOf(names, count), Arrays.copyOf(values, count));
    }
  }
}
