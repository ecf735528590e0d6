package dev.herald.eventstore;

import dev.herald.core.HeraldException;

/** Which events a subscription takes: all, one category's ({@code order-*}) or one stream's. */
public sealed interface StreamFilter {
  /** Every event of the store. */
  static StreamFilter all() {
    return All.INSTANCE;
  }

  /** The events of streams named {@code category-…}, such as {@code order} for {@code order-17}. */
  static StreamFilter category(String category) {
    return new Category(category);
  }

  /** The events of one stream. */
  static StreamFilter stream(String stream) {
    return new Stream(stream);
  }

  /** Whether an event of {@code stream} passes. */
  boolean matches(String stream);

  /** The category of {@code stream}: its name before the first {@code -}, or all of it. */
  static String categoryOf(String stream) {
    int dash = stream.indexOf('-');
    return dash < 0 ? stream : stream.substring(0, dash);
  }

  /** Every event. */
  enum All implements StreamFilter {
    INSTANCE;

    @Override
    public boolean matches(String stream) {
      return true;
    }

    @Override
    public String toString() {
      return "$all";
    }
  }

  /**
   * One category.
   *
   * @param category the part of the stream names before the first {@code -}
   */
  record Category(String category) implements StreamFilter {
    /** Checks the name. */
    public Category {
      if (category == null || category.isEmpty() || category.contains("-")) {
        throw new HeraldException(
            "a category is the part of a stream name before the first '-' (order for order-17),"
                + " was '"
                + category
                + "'");
      }
    }

    @Override
    public boolean matches(String stream) {
      return stream.length() > category.length()
          && stream.charAt(category.length()) == '-'
          && stream.startsWith(category);
    }

    @Override
    public String toString() {
      return category + "-*";
    }
  }

  /**
   * One stream.
   *
   * @param stream its name
   */
  record Stream(String stream) implements StreamFilter {
    /** Checks the name. */
    public Stream {
      StreamNames.check(stream);
    }

    @Override
    public boolean matches(String name) {
      return stream.equals(name);
    }

    @Override
    public String toString() {
      return stream;
    }
  }
}
