package dev.herald.eventstore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.core.HeraldException;
import java.util.Properties;

/** The HikariCP pool a store makes when it is given a JDBC URL. */
final class Pools {
  private static final String PREFIX = "jdbc:postgresql:";

  private Pools() {}

  static HikariDataSource open(PostgresEventStore.Builder b, Schema schema) {
    if (!b.url.startsWith(PREFIX)) {
      throw new HeraldException(
          "the event store's URL must be a PostgreSQL JDBC URL starting with "
              + PREFIX
              + ", such as jdbc:postgresql://localhost:5432/shop; was "
              + redacted(b.url));
    }
    if (b.poolSize < 1) {
      throw new HeraldException("the pool size is 1 or more, was " + b.poolSize);
    }
    if (b.connectTimeout.toMillis() < 250) {
      throw new HeraldException(
          "the connect timeout is 250 ms or more, was " + b.connectTimeout.toMillis() + " ms");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(b.url);
    config.setDataSourceProperties(driverProperties(b));
    config.setPoolName("herald-eventstore-" + schema.name());
    config.setMaximumPoolSize(b.poolSize);
    config.setConnectionTimeout(b.connectTimeout.toMillis());
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new HeraldException(
          "could not connect to PostgreSQL at "
              + redacted(b.url)
              + ": "
              + cause.getMessage()
              + "; check the URL, the user and password, and that the server is running and"
              + " reachable from here",
          e);
    }
  }

  /** Driver settings for every connection: credentials and a bounded connect timeout. */
  static Properties driverProperties(PostgresEventStore.Builder b) {
    Properties properties = new Properties();
    if (b.user != null) {
      properties.setProperty("user", b.user);
    }
    if (b.password != null) {
      properties.setProperty("password", b.password);
    }
    long seconds = Math.max(1, b.connectTimeout.toSeconds());
    // settings in the URL take precedence over these
    properties.setProperty("connectTimeout", Long.toString(seconds));
    properties.setProperty("loginTimeout", Long.toString(seconds));
    properties.setProperty("ApplicationName", "herald-eventstore");
    return properties;
  }

  /** The URL without its password, for messages. */
  static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
