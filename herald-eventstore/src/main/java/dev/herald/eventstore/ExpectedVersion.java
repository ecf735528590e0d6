package dev.herald.eventstore;

/**
 * What an append expects of its stream; the append fails with {@link WrongExpectedVersionException}
 * otherwise.
 */
public sealed interface ExpectedVersion {
  /** No check: append whatever the stream's state. */
  static ExpectedVersion any() {
    return Any.INSTANCE;
  }

  /** The stream must not exist yet (have no events). */
  static ExpectedVersion noStream() {
    return NoStream.INSTANCE;
  }

  /** The stream must exist (have at least one event). */
  static ExpectedVersion exists() {
    return StreamExists.INSTANCE;
  }

  /** The stream's last event must have {@code version} (0 for a stream of one event). */
  static ExpectedVersion exactly(long version) {
    return new Exact(version);
  }

  /** Whether a stream whose current version is {@code current} (-1: no stream) meets this. */
  boolean accepts(long current);

  /** Any state. */
  enum Any implements ExpectedVersion {
    INSTANCE;

    @Override
    public boolean accepts(long current) {
      return true;
    }

    @Override
    public String toString() {
      return "any";
    }
  }

  /** No events yet. */
  enum NoStream implements ExpectedVersion {
    INSTANCE;

    @Override
    public boolean accepts(long current) {
      return current == -1;
    }

    @Override
    public String toString() {
      return "no stream";
    }
  }

  /** At least one event. */
  enum StreamExists implements ExpectedVersion {
    INSTANCE;

    @Override
    public boolean accepts(long current) {
      return current >= 0;
    }

    @Override
    public String toString() {
      return "an existing stream";
    }
  }

  /**
   * Exactly this version.
   *
   * @param version the version of the stream's last event, 0 or more
   */
  record Exact(long version) implements ExpectedVersion {
    /** Checks the version. */
    public Exact {
      if (version < 0) {
        throw new IllegalArgumentException(
            "an exact expected version is 0 or more, was "
                + version
                + "; use ExpectedVersion.noStream() for a stream that must not exist");
      }
    }

    @Override
    public boolean accepts(long current) {
      return current == version;
    }

    @Override
    public String toString() {
      return "version " + version;
    }
  }
}
