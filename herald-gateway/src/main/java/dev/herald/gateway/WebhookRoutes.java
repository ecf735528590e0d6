package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin API of webhooks (every call needs the admin right): {@code POST /admin/webhooks}
 * registers one and answers its secret, {@code GET /admin/webhooks} lists them, {@code
 * GET|PATCH|DELETE /admin/webhooks/{id}} shows, changes (url, topics, types, description, enabled)
 * and removes one, {@code POST …/rotate-secret} gives it a new secret (the old one is signed with
 * alongside for a day), {@code GET …/attempts} lists its delivery attempts, newest first, and
 * {@code POST …/messages/{messageId}/resend} sends a message again at once. Secrets are shown only
 * on create and rotate. A URL whose host the SSRF guard refuses is answered 422; nothing is stored
 * unless the request is valid.
 */
final class WebhookRoutes implements Routes {
  private static final int MAX_BODY = 64 * 1024;

  private final AccessControl access;
  private final Transport transport;
  private final WebhookRegistry registry;
  private final WebhookAttempts attempts;
  private final WebhookDelivery delivery;
  private final GuardedResolver targets;
  private final WebhookSettings settings;

  WebhookRoutes(
      AccessControl access,
      Transport transport,
      WebhookRegistry registry,
      WebhookAttempts attempts,
      WebhookDelivery delivery,
      GuardedResolver targets,
      WebhookSettings settings) {
    this.access = access;
    this.transport = transport;
    this.registry = registry;
    this.attempts = attempts;
    this.delivery = delivery;
    this.targets = targets;
    this.settings = settings;
  }

  @Override
  public void register(JavalinConfig config) {
    String one = "/admin/webhooks/{id}";
    config.routes.post("/admin/webhooks", this::create);
    config.routes.get("/admin/webhooks", this::list);
    config.routes.get(one, ctx -> answer(ctx, 200, WebhookJson.view(webhook(ctx))));
    config.routes.patch(one, this::patch);
    config.routes.delete(one, this::delete);
    config.routes.post(one + "/rotate-secret", this::rotate);
    config.routes.get(one + "/attempts", this::attempts);
    config.routes.post(one + "/messages/{messageId}/resend", this::resend);
  }

  private void create(Context ctx) throws IOException {
    access.caller(ctx).requireAdmin();
    WebhookChanges asked =
        WebhookChanges.read(BoundedBody.read(ctx, MAX_BODY), WebhookChanges.CREATE);
    URI url = asked.url().orElseThrow(() -> WebhookChanges.invalid("url is required"));
    List<String> topics =
        asked.topics().orElseThrow(() -> WebhookChanges.invalid("topics is required"));
    checkTarget(url);
    Webhook webhook =
        new Webhook(
            Webhook.newId(),
            url,
            topics,
            asked.types().orElse(List.of("*")),
            asked.description().filter(text -> !text.isEmpty()),
            true,
            Optional.empty(),
            WebhookSecrets.generate(),
            settings.clock().instant());
    topics.forEach(topic -> GroupStart.atEnd(transport, topic, webhook.group()));
    registry.save(webhook);
    ctx.header("Location", "/admin/webhooks/" + webhook.id());
    answer(ctx, 201, WebhookJson.viewWithSecret(webhook));
  }

  private void list(Context ctx) {
    access.caller(ctx).requireAdmin();
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    registry.all().forEach(webhook -> all.add(WebhookJson.view(webhook)));
    answer(ctx, 200, JsonNodeFactory.instance.objectNode().set("webhooks", all));
  }

  private void patch(Context ctx) throws IOException {
    Webhook before = webhook(ctx);
    WebhookChanges asked =
        WebhookChanges.read(BoundedBody.read(ctx, MAX_BODY), WebhookChanges.PATCH);
    asked.url().ifPresent(this::checkTarget);
    asked
        .topics()
        .ifPresent(
            topics ->
                topics.stream()
                    .filter(topic -> !before.topics().contains(topic))
                    .forEach(topic -> GroupStart.atEnd(transport, topic, before.group())));
    Instant now = settings.clock().instant();
    Webhook after =
        registry
            .update(before.id(), webhook -> asked.applyTo(webhook, now))
            .orElseThrow(() -> noSuchWebhook(before.id()));
    answer(ctx, 200, WebhookJson.view(after));
  }

  private void delete(Context ctx) {
    if (!registry.delete(webhook(ctx).id())) {
      throw noSuchWebhook(ctx.pathParam("id"));
    }
    ctx.status(204);
  }

  private void rotate(Context ctx) {
    Webhook rotated =
        registry
            .update(
                webhook(ctx).id(),
                webhook ->
                    webhook.withSecrets(
                        webhook
                            .secrets()
                            .rotate(settings.clock().instant(), settings.secretOverlap())))
            .orElseThrow(() -> noSuchWebhook(ctx.pathParam("id")));
    answer(ctx, 200, WebhookJson.viewWithSecret(rotated));
  }

  private void attempts(Context ctx) {
    Webhook webhook = webhook(ctx);
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    attempts.recent(webhook.id()).forEach(attempt -> all.add(WebhookAttemptJson.view(attempt)));
    answer(ctx, 200, JsonNodeFactory.instance.objectNode().set("attempts", all));
  }

  private void resend(Context ctx) throws InterruptedException {
    Webhook webhook = webhook(ctx);
    String messageId = ctx.pathParam("messageId");
    WebhookAttempt latest =
        attempts
            .latest(webhook.id(), messageId)
            .orElseThrow(
                () ->
                    GatewayProblem.notFound(
                        "no-such-message",
                        "webhook "
                            + webhook.id()
                            + " has no attempt of message "
                            + messageId
                            + " kept; see GET /admin/webhooks/"
                            + webhook.id()
                            + "/attempts"));
    WebhookAttempt sent = delivery.attempt(webhook, latest.message(), latest.number() + 1);
    answer(ctx, 200, WebhookAttemptJson.view(sent));
  }

  /** The webhook the path names, for an admin caller. */
  private Webhook webhook(Context ctx) {
    access.caller(ctx).requireAdmin();
    String id = ctx.pathParam("id");
    return registry.find(id).orElseThrow(() -> noSuchWebhook(id));
  }

  private void checkTarget(URI url) {
    try {
      targets.requirePermitted(url.getHost());
    } catch (HeraldException e) {
      throw new GatewayProblem(422, "refused-webhook-url", "Webhook URL refused", e.getMessage());
    }
  }

  private static GatewayProblem noSuchWebhook(String id) {
    return GatewayProblem.notFound(
        "no-such-webhook", "no webhook " + id + "; see GET /admin/webhooks");
  }

  private static void answer(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}
