package dev.herald.eventstore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.Checkpoints;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.StreamNames;
import dev.herald.eventstore.SubscriptionListener;
import dev.herald.eventstore.WrongExpectedVersionException;
import dev.herald.eventstore.spi.AppendChecks;
import dev.herald.eventstore.spi.AppendSignal;
import dev.herald.eventstore.spi.CatchUpSubscription;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * An {@link EventStore} in PostgreSQL 13 or newer: the tables {@code events} and {@code
 * checkpoints} in a schema of their own ({@value #DEFAULT_SCHEMA} unless told), created and
 * upgraded by Flyway when the store opens (stores opening at once wait for each other). Appends are
 * one transaction each, in one round trip; a NOTIFY follows them, and subscriptions wake on it
 * (LISTEN), so appends by other processes on the same schema reach them too. Subscriptions also
 * read again every 100 ms, for what no notification announces. Thread-safe.
 *
 * <h2>A global order that never skips a late commit</h2>
 *
 * <p>Positions come from a sequence, and appends commit in any order: append A can take position 10
 * and still be open when B takes 11 and commits. A reader that returned 11 would then never return
 * 10. So:
 *
 * <ol>
 *   <li>Every append, in its first statement and so before it takes any position, reads the
 *       sequence's current value {@code f} and takes a shared transaction advisory lock whose key
 *       holds {@code f}. The lock lasts until the append commits or rolls back.
 *   <li>A reader of all streams first reads the <em>floor</em>: the sequence's next value, then, in
 *       a later statement, the lowest {@code f} among those locks held now ({@code pg_locks}); the
 *       floor is the lower of the two. Then, in a statement of its own and so in a later snapshot,
 *       it reads the rows.
 *   <li>An append still in flight in that snapshot either held its lock when the locks were read,
 *       so its positions are above its {@code f}, which is at or above the floor; or it took its
 *       lock later, and so its positions after the sequence was read: above that value. Either way
 *       its positions are at or above the floor. (Reading the sequence after the locks would let an
 *       append lock and take a position between the two reads.)
 *   <li>So a missing position below the floor is settled (its append rolled back: it will never
 *       appear) and readers skip it, while a missing position at or above the floor may still be
 *       filled: readers stop before it and read again later, on a notification or by polling.
 *       {@link #lastPosition()} is the last position such a read returns.
 * </ol>
 *
 * <p>Why not the snapshot's in-progress transaction ids ({@code pg_snapshot_xip}), with each append
 * taking its transaction id before its positions? A snapshot lists only the in-progress ids below
 * its {@code xmax}, which is one past the latest <em>completed</em> id: if A takes its id after B
 * took its own, then takes position 10 before B takes 11, and B commits, a snapshot can have no
 * in-progress ids at all while A and position 10 are still in flight. And the list covers the whole
 * cluster, so under steady load, or with one long transaction anywhere, it is rarely empty, and a
 * rolled-back gap would hold readers back indefinitely. The floor names only this store's appends
 * in flight.
 *
 * <p>What this relies on: every writer appends through this class; the sequence hands out one value
 * at a time ({@code CACHE 1}, as the migration creates it); reads go to the primary (a standby does
 * not see the primary's locks); positions stay below 2<sup>48</sup>. An append that stays open
 * holds readers back at its position until it ends, as it must: its events come first.
 */
public final class PostgresEventStore implements EventStore {
  /** The schema the tables go in unless told otherwise. */
  public static final String DEFAULT_SCHEMA = "herald";

  /** Connections in a pool the store makes itself, unless told otherwise. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** How long the store waits for a connection unless told otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How often subscriptions read again without a notification, for gaps that close silently. */
  static final Duration POLL = Duration.ofMillis(100);

  private final AutoCloseable pool;
  private final Notifications.ConnectionSource listenerConnections;
  private final Schema schema;
  private final Appender appender;
  private final Reads reads;
  private final PostgresCheckpoints checkpoints;
  private final Notifier notifier;
  private final AppendSignal signal = new AppendSignal();
  private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Notifications notifications; // started with the first subscription; guarded by this

  private PostgresEventStore(
      DataSource dataSource,
      AutoCloseable pool,
      Notifications.ConnectionSource listenerConnections,
      Schema schema) {
    this.pool = pool;
    this.listenerConnections = listenerConnections;
    this.schema = schema;
    this.appender = new Appender(dataSource, schema);
    this.reads = new Reads(dataSource, schema);
    this.checkpoints = new PostgresCheckpoints(dataSource, schema);
    this.notifier = new Notifier(dataSource, schema.channel());
  }

  /**
   * Opens the store at {@code jdbcUrl} ({@code jdbc:postgresql://host:5432/db?user=…}) in schema
   * {@value #DEFAULT_SCHEMA}, with a pool of its own.
   *
   * @throws HeraldException if the server cannot be reached or the tables cannot be created
   */
  public static PostgresEventStore open(String jdbcUrl) {
    return builder().url(jdbcUrl).open();
  }

  /**
   * Opens the store in schema {@value #DEFAULT_SCHEMA} of {@code dataSource}'s database; the caller
   * keeps owning (and closes) the data source. While subscriptions run, the store holds one of its
   * connections to listen for appends.
   *
   * @throws HeraldException if the tables cannot be created
   */
  public static PostgresEventStore open(DataSource dataSource) {
    return builder().dataSource(dataSource).open();
  }

  /** A builder for the other settings: credentials, pool size, schema, connect timeout. */
  public static Builder builder() {
    return new Builder();
  }

  static PostgresEventStore open(Builder b) {
    Schema schema = new Schema(b.schema);
    if (b.dataSource != null) {
      schema.migrate(b.dataSource);
      DataSource ds = b.dataSource;
      return new PostgresEventStore(ds, () -> {}, ds::getConnection, schema);
    }
    HikariDataSource pool = Pools.open(b, schema);
    try {
      schema.migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    Properties properties = Pools.driverProperties(b);
    String url = b.url;
    return new PostgresEventStore(
        pool, pool, () -> DriverManager.getConnection(url, properties), schema);
  }

  @Override
  public AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> events) {
    AppendChecks.check(stream, expected, events);
    ensureOpen();
    AppendResult result = appender.append(stream, expected, events);
    signal.signal();
    notifier.appended();
    return result;
  }

  /**
   * Runs this store's append statements on {@code c} without committing or rolling back: the caller
   * ends the transaction (for tests that hold an append open).
   */
  AppendResult appendIn(
      Connection c, String stream, ExpectedVersion expected, List<NewEvent> events)
      throws SQLException {
    AppendChecks.check(stream, expected, events);
    Appender.Written written = appender.write(c, stream, expected, events);
    return written
        .result()
        .orElseThrow(() -> new WrongExpectedVersionException(stream, expected, written.head()));
  }

  @Override
  public List<RecordedEvent> read(String stream, long fromVersion, Direction direction, int limit) {
    StreamNames.check(stream);
    ensureOpen();
    return reads.read(stream, fromVersion, direction, limit);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stops early, before positions that appends still in flight may fill (see the class
   * description): read again from the position after the last event returned.
   */
  @Override
  public List<RecordedEvent> readAll(long fromPosition, int limit) {
    ensureOpen();
    return reads.readAll(fromPosition, limit);
  }

  @Override
  public long version(String stream) {
    StreamNames.check(stream);
    ensureOpen();
    return reads.version(stream);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Events that appends still in flight may yet commit below it are not counted: a subscription
   * from {@code lastPosition() + 1} misses nothing.
   */
  @Override
  public long lastPosition() {
    ensureOpen();
    return reads.lastPosition();
  }

  @Override
  public EventSubscription subscribe(
      StreamFilter filter, long fromPosition, SubscriptionListener listener) {
    ensureOpen();
    listenForAppends();
    Subscription subscription =
        new Subscription(
            CatchUpSubscription.start(reads::readAll, signal, filter, fromPosition, listener, POLL),
            subscriptions);
    subscriptions.add(subscription);
    if (closed.get()) {
      subscription.close();
    }
    return subscription;
  }

  @Override
  public Checkpoints checkpoints() {
    return checkpoints;
  }

  /** The schema the store's tables are in. */
  public String schema() {
    return schema.name();
  }

  /** Stops the subscriptions and the listening thread, and closes the pool if the store made it. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List.copyOf(subscriptions).forEach(EventSubscription::close);
    synchronized (this) {
      if (notifications != null) {
        notifications.close();
      }
    }
    notifier.close();
    try {
      pool.close();
    } catch (Exception e) {
      throw new HeraldException("closing the event store's connection pool failed: " + e, e);
    }
  }

  private synchronized void listenForAppends() {
    if (notifications == null && !closed.get()) {
      notifications = new Notifications(listenerConnections, schema.channel(), signal);
      notifications.start();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new HeraldException(
          "the PostgreSQL event store on schema " + schema.name() + " is closed; open it again");
    }
  }

  /** A subscription that leaves the store's set when closed; equal only to itself. */
  private static final class Subscription implements EventSubscription {
    private final CatchUpSubscription running;
    private final Set<EventSubscription> all;

    Subscription(CatchUpSubscription running, Set<EventSubscription> all) {
      this.running = running;
      this.all = all;
    }

    @Override
    public long nextPosition() {
      return running.nextPosition();
    }

    @Override
    public boolean isLive() {
      return running.isLive();
    }

    @Override
    public void close() {
      running.close();
      all.remove(this);
    }
  }

  /**
   * Settings of a {@link PostgresEventStore}: either a JDBC URL (with optional credentials, pool
   * size and connect timeout) or a data source, and a schema.
   */
  public static final class Builder {
    String url;
    String user;
    String password;
    int poolSize = DEFAULT_POOL_SIZE;
    boolean poolSizeSet;
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    boolean connectTimeoutSet;
    DataSource dataSource;
    String schema = DEFAULT_SCHEMA;

    private Builder() {}

    /** The server's JDBC URL, such as {@code jdbc:postgresql://localhost:5432/shop}. */
    public Builder url(String jdbcUrl) {
      this.url = jdbcUrl;
      return this;
    }

    /** The user and password, if the URL does not hold them. */
    public Builder credentials(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** Connections in the store's pool; {@value #DEFAULT_POOL_SIZE} unless set. */
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      this.poolSizeSet = true;
      return this;
    }

    /** How long to wait to connect, or for a free connection; 5 seconds unless set. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      this.connectTimeoutSet = true;
      return this;
    }

    /** A data source to use instead of a URL; its owner keeps it and closes it. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** The schema for the store's tables; {@value #DEFAULT_SCHEMA} unless set. */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * Connects, creates or upgrades the tables, and returns the open store.
     *
     * @throws HeraldException if the settings conflict, the server cannot be reached or the tables
     *     cannot be created
     */
    public PostgresEventStore open() {
      if ((url == null) == (dataSource == null)) {
        throw new HeraldException(
            "a PostgreSQL event store needs either a JDBC URL or a DataSource, "
                + (url == null ? "and has neither" : "not both")
                + "; call exactly one of url(…) and dataSource(…)");
      }
      if (dataSource != null && (user != null || poolSizeSet || connectTimeoutSet)) {
        throw new HeraldException(
            "credentials, pool size and connect timeout are settings of the store's own pool;"
                + " with a DataSource, set them on the DataSource instead");
      }
      return PostgresEventStore.open(this);
    }
  }
}
