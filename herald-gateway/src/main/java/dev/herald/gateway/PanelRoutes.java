package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The application panels of the dashboard ({@link DashboardPanel}): {@code GET /admin/panels} lists
 * {@code [{"id", "title"}]}; {@code GET /admin/panels/{id}} answers a fresh one as {@code {"id",
 * "title", "at", "figures": [{"label", "value"}], "charts": [{"title", "bars": [{"label", "value",
 * "max"}]}]}} ({@code max} null when the bar has none). Thread-safe.
 */
final class PanelRoutes implements Routes {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private final Map<String, Supplier<DashboardPanel>> panels = new ConcurrentSkipListMap<>();
  private final AccessControl access;
  private final Clock clock;

  PanelRoutes(AccessControl access, Clock clock) {
    this.access = access;
    this.clock = clock;
  }

  /** Adds or replaces panel {@code id}. */
  void add(String id, Supplier<DashboardPanel> panel) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "panel id \""
              + id
              + "\" must be 1 to 40 of a-z, 0-9 and '-', starting with a letter or digit");
    }
    panels.put(id, panel);
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/admin/panels", this::list);
    config.routes.get("/admin/panels/{id}", this::get);
  }

  private void list(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    panels.forEach((id, panel) -> list.addObject().put("id", id).put("title", panel.get().title()));
    AdminJson.send(ctx, list);
  }

  private void get(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    String id = ctx.pathParam("id");
    Supplier<DashboardPanel> supplier = panels.get(id);
    if (supplier == null) {
      throw GatewayProblem.notFound(
          "no-such-panel", "there is no panel " + id + "; GET /admin/panels lists them");
    }
    DashboardPanel panel = supplier.get();
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("id", id);
    answer.put("title", panel.title());
    answer.put("at", clock.instant().toString());
    ArrayNode figures = answer.putArray("figures");
    panel
        .figures()
        .forEach(f -> figures.addObject().put("label", f.label()).put("value", f.value()));
    ArrayNode charts = answer.putArray("charts");
    for (DashboardPanel.BarChart chart : panel.charts()) {
      ArrayNode bars = charts.addObject().put("title", chart.title()).putArray("bars");
      for (DashboardPanel.Bar bar : chart.bars()) {
        ObjectNode node = bars.addObject().put("label", bar.label()).put("value", bar.value());
        if (bar.max().isPresent()) {
          node.put("max", bar.max().getAsDouble());
        } else {
          node.putNull("max");
        }
      }
    }
    AdminJson.send(ctx, answer);
  }
}
