package dev.herald.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Says in a line how two effect values differ when they are maps or collections: which keys or
 * elements are missing, extra or changed, or that a list has the same elements in another order.
 */
final class EffectsDiff {
  private static final int MAX_ITEMS = 8;

  private EffectsDiff() {}

  /** The difference between {@code expected} and {@code actual}, if there is one worth saying. */
  static Optional<String> describe(Object expected, Object actual) {
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      return Optional.of(maps(e, a));
    }
    if (expected instanceof Collection<?> e && actual instanceof Collection<?> a) {
      return Optional.of(collections(e, a));
    }
    return Optional.empty();
  }

  private static String maps(Map<?, ?> expected, Map<?, ?> actual) {
    List<String> parts = new ArrayList<>();
    Set<Object> keys = new LinkedHashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Object key : keys) {
      if (!actual.containsKey(key)) {
        missing.add(String.valueOf(key));
      } else if (!expected.containsKey(key)) {
        extra.add(key + "=" + actual.get(key));
      } else if (!Objects.equals(expected.get(key), actual.get(key))) {
        changed.add(key + " from " + expected.get(key) + " to " + actual.get(key));
      }
    }
    add(parts, "missing keys", missing);
    add(parts, "extra entries", extra);
    add(parts, "changed", changed);
    return parts.isEmpty() ? "equal entries, yet not equal maps" : String.join("; ", parts);
  }

  private static String collections(Collection<?> expected, Collection<?> actual) {
    Map<Object, Integer> counts = new LinkedHashMap<>();
    expected.forEach(item -> counts.merge(item, 1, Integer::sum));
    actual.forEach(item -> counts.merge(item, -1, Integer::sum));
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    counts.forEach(
        (item, count) -> {
          if (count > 0) {
            missing.add(times(item, count));
          } else if (count < 0) {
            extra.add(times(item, -count));
          }
        });
    List<String> parts = new ArrayList<>();
    add(parts, "missing", missing);
    add(parts, "extra", extra);
    if (parts.isEmpty() && expected instanceof List<?> e && actual instanceof List<?> a) {
      for (int i = 0; i < e.size(); i++) {
        if (!Objects.equals(e.get(i), a.get(i))) {
          return "the same elements in another order; first at index "
              + i
              + ": expected "
              + e.get(i)
              + ", got "
              + a.get(i);
        }
      }
    }
    return parts.isEmpty() ? "the same elements, yet not equal" : String.join("; ", parts);
  }

  private static String times(Object item, int count) {
    return count == 1 ? String.valueOf(item) : count + "x " + item;
  }

  /** Adds "what [a, b] and 3 more"; changed entries, which hold values of their own, go bare. */
  private static void add(List<String> parts, String what, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    List<String> shown = items.subList(0, Math.min(MAX_ITEMS, items.size()));
    String more =
        items.size() > shown.size() ? " and " + (items.size() - shown.size()) + " more" : "";
    parts.add(
        what.equals("changed")
            ? what + " " + String.join(", ", shown) + more
            : what + " " + shown + more);
  }
}
