package dev.herald.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.DeadLetter;
import dev.herald.core.Delivery;
import dev.herald.core.Position;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Dead letters as {@code herald dlq} prints them: a table, one in detail, or CloudEvents JSON. */
final class DeadLetterText {
  /** How much of the error a table row shows. */
  static final int ERROR_WIDTH = 60;

  // "java.lang.IllegalStateException" reads as "IllegalStateException" in a table row.
  private static final Pattern PACKAGE =
      Pattern.compile("(?<![\\w$.])(?:[a-z_][\\w$]*\\.)+(?=[A-Z][\\w$]*(?:Exception|Error)\\b)");

  // The reason and attempts columns say this already.
  private static final Pattern GAVE_UP = Pattern.compile("^gave up after \\d+ attempts[^:]*: ");

  private DeadLetterText() {}

  /** One row per dead letter under a header; the status column only if {@code withStatus}. */
  static void table(PrintWriter out, List<DeadLetter> letters, boolean withStatus) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        withStatus
            ? new String[] {
              "ID", "TIME", "REASON", "TYPE", "KEY", "ORIGINAL", "ATTEMPTS", "STATUS", "ERROR"
            }
            : new String[] {
              "ID", "TIME", "REASON", "TYPE", "KEY", "ORIGINAL", "ATTEMPTS", "ERROR"
            });
    for (DeadLetter l : letters) {
      List<String> row = new ArrayList<>();
      row.add(l.id());
      row.add(l.time().truncatedTo(ChronoUnit.SECONDS).toString());
      row.add(l.reason().wireName());
      row.add(l.envelope().type());
      row.add(l.envelope().partitionKey().orElse("-"));
      row.add(l.original().toString());
      row.add(Integer.toString(l.attempts()));
      if (withStatus) {
        row.add(status(l));
      }
      row.add(shortError(l.error()));
      rows.add(row.toArray(String[]::new));
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line);
    }
  }

  /** Everything about one dead letter: what happened, the whole error, and the event as JSON. */
  static void detail(PrintWriter out, DeadLetter l) {
    line(out, "dead letter", l.id());
    line(out, "status", status(l));
    line(out, "group", l.group());
    line(out, "reason", l.reason().wireName());
    line(out, "handler", l.handler());
    line(out, "attempts", Integer.toString(l.attempts()));
    line(out, "time", l.time().toString());
    line(out, "original", l.original() + " (topic/partition@offset)");
    line(out, "stored at", l.position().toString());
    l.sequence()
        .ifPresent(
            head ->
                line(
                    out,
                    "sequence",
                    l.isHead() ? "head of its key's ordered sequence" : "parked behind " + head));
    line(out, "event", l.envelope().id() + " (" + l.envelope().type() + ")");
    line(out, "key", l.envelope().partitionKey().orElse("-"));
    line(out, "error", l.error());
    out.println();
    out.println(CloudEventJson.pretty(event(l)));
  }

  /**
   * The event as {@code herald tail} printed it where it was first read ({@code heraldtopic},
   * {@code heraldpartition}, {@code heraldoffset} are the original position), with the dead
   * letter's facts as the attributes {@code dlqid}, {@code dlqstatus}, {@code dlqgroup}, {@code
   * dlqreason}, {@code dlqerror}, {@code dlqattempts}, {@code dlqhandler}, {@code dlqtime} and, in
   * ordered mode, {@code dlqhead}.
   */
  static ObjectNode json(DeadLetter l) {
    ObjectNode node = event(l);
    node.put("dlqid", l.id());
    node.put("dlqstatus", status(l));
    node.put("dlqgroup", l.group());
    node.put("dlqreason", l.reason().wireName());
    node.put("dlqerror", l.error());
    node.put("dlqattempts", l.attempts());
    node.put("dlqhandler", l.handler());
    node.put("dlqtime", l.time().toString());
    l.sequence().ifPresent(head -> node.put("dlqhead", head));
    return node;
  }

  /**
   * The error's first line without what the other columns say and without package names, cut to
   * {@link #ERROR_WIDTH} characters.
   */
  static String shortError(String error) {
    int newline = error.indexOf('\n');
    String first = newline < 0 ? error : error.substring(0, newline);
    first = PACKAGE.matcher(GAVE_UP.matcher(first).replaceFirst("")).replaceAll("");
    if (first.length() <= ERROR_WIDTH) {
      return first;
    }
    int end = ERROR_WIDTH - 3;
    if (Character.isHighSurrogate(first.charAt(end - 1))) {
      end--;
    }
    return first.substring(0, end) + "...";
  }

  /** {@code pending}, {@code replayed} or {@code purged}. */
  static String status(DeadLetter l) {
    return l.status().name().toLowerCase(Locale.ROOT);
  }

  private static ObjectNode event(DeadLetter l) {
    Position at = l.original();
    return CloudEventJson.event(
        new Delivery(l.envelope(), at.topic(), at.partition(), at.offset()));
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-12s %s%n", label, value);
  }
}
