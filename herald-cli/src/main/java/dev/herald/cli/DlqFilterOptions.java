package dev.herald.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetterReason;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that select dead letters: {@code --type}, {@code --reason}, time and key. */
final class DlqFilterOptions {
  /** The option names, for messages. */
  static final String NAMES = "--type, --reason, --since, --until or --key";

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "Only events of this type, such as shop.order.paid.")
  Optional<String> type;

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      description =
          "Only dead letters for this reason: retries-exhausted, not-retryable, undecodable,"
              + " unreadable or parked.")
  Optional<String> reason;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Only those dead-lettered at or after TIME: 2026-11-24T10:00:00Z, or back from now"
              + " such as 10m, 2h ago or 7d.")
  Optional<String> since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Only those dead-lettered before TIME (same forms as --since).")
  Optional<String> until;

  @Option(names = "--key", paramLabel = "KEY", description = "Only events with this key.")
  Optional<String> key;

  /** Whether any of the options was given. */
  boolean any() {
    return type.isPresent()
        || reason.isPresent()
        || since.isPresent()
        || until.isPresent()
        || key.isPresent();
  }

  /**
   * The options as the admin API's selection of pending dead letters: the filter's members, times
   * as instants counted back from {@code now}, or {@code {"all": true}} when none was given. Call
   * it after {@link #filter}, which checks the options.
   */
  ObjectNode selection(Instant now) {
    ObjectNode selection = JsonNodeFactory.instance.objectNode();
    if (!any()) {
      return selection.put("all", true);
    }
    type.ifPresent(text -> selection.put("type", text));
    reason.ifPresent(text -> selection.put("reason", DeadLetterReason.parse(text).wireName()));
    key.ifPresent(text -> selection.put("key", text));
    since.ifPresent(
        text -> selection.put("since", TimeInput.parse("--since", text, now).toString()));
    until.ifPresent(
        text -> selection.put("until", TimeInput.parse("--until", text, now).toString()));
    return selection;
  }

  /**
   * The filter the options describe, relative times counted back from {@code now}.
   *
   * @throws BadInputException naming the option that is wrong
   */
  DeadLetterFilter filter(Instant now) {
    DeadLetterFilter filter = DeadLetterFilter.all();
    if (type.isPresent()) {
      Inputs.require(!type.get().isBlank(), "--type", "must not be empty");
      filter = filter.type(type.get());
    }
    if (reason.isPresent()) {
      String text = reason.get();
      filter = filter.reason(Inputs.check("--reason", () -> DeadLetterReason.parse(text)));
    }
    if (key.isPresent()) {
      Inputs.require(!key.get().isEmpty(), "--key", "must not be empty");
      filter = filter.key(key.get());
    }
    if (since.isPresent()) {
      filter = filter.since(TimeInput.parse("--since", since.get(), now));
    }
    if (until.isPresent()) {
      Instant before = TimeInput.parse("--until", until.get(), now);
      DeadLetterFilter narrowed = filter;
      filter = Inputs.check("--until", () -> narrowed.until(before));
    }
    return filter;
  }
}
