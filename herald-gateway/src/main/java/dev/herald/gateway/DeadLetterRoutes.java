package dev.herald.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetters;
import dev.herald.core.spi.Transport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The admin API's dead letters of a consumer group, as {@code herald dlq} handles them ({@link
 * DeadLetters}): {@code GET /admin/groups/{group}/dead-letters} lists them oldest first ({@code
 * {"group", "matched", "pending", "replayed", "purged", "deadLetters": [...]}}, filtered by the
 * query parameters {@code type}, {@code reason}, {@code since}, {@code until}, {@code key}, at most
 * {@code limit}, replayed and purged ones too with {@code all=true}); {@code GET .../{id}} shows
 * one; {@code POST .../replay} and {@code POST .../purge} act on what the body selects (see {@link
 * DeadLetterSelection}) and answer {@code {"count", "message", "deadLetters": [...]}}; {@code
 * DELETE .../{id}} purges one. A dead letter is written as {@link AdminJson#deadLetter}. Every call
 * reads the group's dead-letter topics afresh, so it sees what other processes did.
 */
final class DeadLetterRoutes implements Routes {
  private static final String BASE = "/admin/groups/{group}/dead-letters";
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 10_000;
  private static final int ALL_GROUPS_LIMIT = 500;
  private static final Set<String> LIST_PARAMETERS =
      Set.of("type", "reason", "since", "until", "key", "limit", "all");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Transport transport;
  private final AccessControl access;
  private final Clock clock;

  DeadLetterRoutes(Transport transport, AccessControl access, Clock clock) {
    this.transport = transport;
    this.access = access;
    this.clock = clock;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/admin/dead-letters", this::listAll);
    config.routes.get(BASE, this::list);
    config.routes.get(BASE + "/{id}", this::show);
    config.routes.delete(BASE + "/{id}", this::purgeOne);
    config.routes.post(BASE + "/replay", ctx -> act(ctx, new DeadLetterAction.Replay()));
    config.routes.post(BASE + "/purge", ctx -> act(ctx, new DeadLetterAction.Purge()));
  }

  private void list(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, LIST_PARAMETERS);
    String group = AdminParams.group(ctx);
    DeadLetterFilter filter =
        DeadLetterSelection.filter(name -> AdminParams.text(ctx, name), clock.instant());
    DeadLetterFilter selected =
        AdminParams.flag(ctx, "all", false) ? filter.withResolved() : filter;
    int limit = AdminParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    List<DeadLetter> every = every(group);
    List<DeadLetter> matched = every.stream().filter(selected::test).toList();
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("group", group);
    answer.put("matched", matched.size());
    for (DeadLetter.Status status : DeadLetter.Status.values()) {
      answer.put(
          status.name().toLowerCase(Locale.ROOT),
          every.stream().filter(l -> l.status() == status).count());
    }
    ArrayNode list = answer.putArray("deadLetters");
    matched.stream().limit(limit).forEach(l -> list.add(AdminJson.deadLetter(l)));
    AdminJson.send(ctx, answer);
  }

  /**
   * {@code GET /admin/dead-letters}: the pending dead letters of every group that has a dead-letter
   * topic, oldest first, at most {@code limit} (default and most 500): {@code {"pending", "groups":
   * [{"group", "pending"}], "deadLetters": [...]}}.
   */
  private void listAll(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of("limit"));
    int limit = AdminParams.limit(ctx, ALL_GROUPS_LIMIT, ALL_GROUPS_LIMIT);
    String suffix = DeadLetters.topic("");
    List<String> groups =
        AdminCalls.ask("list its topics", transport::topics).orElse(Set.of()).stream()
            .filter(topic -> topic.endsWith(suffix) && topic.length() > suffix.length())
            .map(topic -> topic.substring(0, topic.length() - suffix.length()))
            .sorted()
            .toList();
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    ArrayNode perGroup = JsonNodeFactory.instance.arrayNode();
    List<DeadLetter> pending = new ArrayList<>();
    for (String group : groups) {
      List<DeadLetter> letters =
          every(group).stream().filter(l -> l.status() == DeadLetter.Status.PENDING).toList();
      perGroup.addObject().put("group", group).put("pending", letters.size());
      pending.addAll(letters);
    }
    pending.sort(Comparator.comparing(DeadLetter::time));
    answer.put("pending", pending.size());
    answer.set("groups", perGroup);
    ArrayNode list = answer.putArray("deadLetters");
    pending.stream().limit(limit).forEach(l -> list.add(AdminJson.deadLetter(l)));
    AdminJson.send(ctx, answer);
  }

  private void show(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    String group = AdminParams.group(ctx);
    String id = ctx.pathParam("id");
    AdminJson.send(
        ctx, AdminJson.deadLetter(DeadLetterLookup.find(every(group), group, List.of(id)).get(0)));
  }

  private void purgeOne(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    act(
        ctx,
        new DeadLetterAction.Purge(),
        new DeadLetterSelection.Ids(List.of(ctx.pathParam("id"))));
  }

  private void act(Context ctx, DeadLetterAction action) throws IOException {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    byte[] body = BoundedBody.read(ctx, MAX_BODY_BYTES);
    act(ctx, action, DeadLetterSelection.read(body, JSON, clock.instant()));
  }

  private void act(Context ctx, DeadLetterAction action, DeadLetterSelection selection) {
    String group = AdminParams.group(ctx);
    DeadLetters letters = DeadLetters.of(transport, group);
    String what = action.verb() + " dead letters of " + group;
    DeadLetterAction.Result result =
        switch (selection) {
          case DeadLetterSelection.Ids ids -> {
            DeadLetterLookup.find(every(group), group, ids.ids()).forEach(action::check);
            yield AdminCalls.ask(what, () -> action.act(letters, ids));
          }
          case DeadLetterSelection.Matching matching ->
              hasTopic(group)
                  ? AdminCalls.ask(
                      what, () -> DeadLetterAction.Result.of(action.act(letters, matching)))
                  : DeadLetterAction.Result.nothing(
                      "group " + group + " has no dead letters to " + action.verb());
        };
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("count", result.count());
    answer.put("message", result.message());
    ArrayNode list = answer.putArray("deadLetters");
    result.deadLetters().forEach(l -> list.add(AdminJson.deadLetter(l)));
    AdminJson.send(ctx, answer);
  }

  /** Every dead letter of {@code group}, resolved ones too; none if it has no dead-letter topic. */
  private List<DeadLetter> every(String group) {
    if (!hasTopic(group)) {
      return List.of();
    }
    return AdminCalls.ask(
        "read the dead letters of " + group,
        () -> DeadLetters.of(transport, group).list(DeadLetterFilter.all().withResolved()));
  }

  // Reading a missing dead-letter topic would create it; a mistyped group should not leave one.
  private boolean hasTopic(String group) {
    return AdminCalls.ask("list its topics", transport::topics)
        .map(topics -> topics.contains(DeadLetters.topic(group)))
        .orElse(true);
  }
}
