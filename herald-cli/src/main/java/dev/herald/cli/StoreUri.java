package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.log.LogEventStore;
import dev.herald.eventstore.postgres.PostgresEventStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@code herald run} keeps a service's event store, from {@code --store}: {@code log:DIR},
 * the embedded store (one process per directory), or a {@code jdbc:postgresql://} URL, which
 * processes share. The tables go in the URL's {@code currentSchema}, if it names one schema, else
 * in {@value PostgresEventStore#DEFAULT_SCHEMA}. Immutable.
 *
 * @param uri the URI as given
 * @param directory the directory of a {@code log:} store
 * @param schema the schema of a PostgreSQL store
 */
record StoreUri(String uri, Optional<Path> directory, Optional<String> schema) {
  /** Connections each process keeps to PostgreSQL: enough for one service's handlers. */
  static final int POOL_SIZE = 5;

  private static final String LOG = "log:";
  private static final String POSTGRES = "jdbc:postgresql:";
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

  /**
   * Parses {@code uri}.
   *
   * @throws BadInputException naming what is wrong with it and what would be accepted
   */
  static StoreUri parse(String uri) {
    if (uri.startsWith(LOG) && !uri.substring(LOG.length()).isBlank()) {
      return new StoreUri(uri, Optional.of(Path.of(uri.substring(LOG.length()))), Optional.empty());
    }
    if (uri.startsWith(POSTGRES + "//")) {
      return new StoreUri(uri, Optional.empty(), Optional.of(schema(uri)));
    }
    throw new BadInputException(
        "--store: '"
            + uri
            + "' is no event store; use log:DIR, such as log:herald-data/inventory/store, or a"
            + " jdbc:postgresql:// URL, such as jdbc:postgresql://127.0.0.1:5432/shop?user=shop");
  }

  /**
   * Opens the store. Blocks until it is open.
   *
   * @throws HeraldException if it cannot be opened (the directory is in use, the server cannot be
   *     reached, the tables cannot be created)
   */
  EventStore open() {
    if (directory.isPresent()) {
      return LogEventStore.open(directory.get());
    }
    return PostgresEventStore.builder()
        .url(uri)
        .schema(schema.orElseThrow())
        .poolSize(POOL_SIZE)
        .open();
  }

  /** What the header shows: the URI without a password. */
  String describe() {
    return uri.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String schema(String uri) {
    int query = uri.indexOf('?');
    if (query < 0) {
      return PostgresEventStore.DEFAULT_SCHEMA;
    }
    for (String pair : uri.substring(query + 1).split("&", -1)) {
      if (pair.startsWith("currentSchema=")) {
        String name = decode(pair.substring("currentSchema=".length()));
        if (!SCHEMA.matcher(name).matches()) {
          throw new BadInputException(
              "--store: currentSchema '"
                  + name
                  + "' is not one schema Herald can keep its tables in; give 1 to 48 lower-case"
                  + " letters, digits and underscores, such as currentSchema=shop, or leave it out"
                  + " for the schema "
                  + PostgresEventStore.DEFAULT_SCHEMA);
        }
        return name;
      }
    }
    return PostgresEventStore.DEFAULT_SCHEMA;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // not a schema name either way: the check above says so
    }
  }
}
