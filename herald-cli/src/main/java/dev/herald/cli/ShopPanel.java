package dev.herald.cli;

import dev.herald.gateway.DashboardPanel;
import dev.herald.gateway.DashboardPanel.Bar;
import dev.herald.gateway.DashboardPanel.BarChart;
import dev.herald.gateway.DashboardPanel.Figure;
import dev.herald.shop.analytics.Figures;
import dev.herald.shop.app.ShopApp;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.inventory.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The shop's panel in the gateway's dashboard during {@code herald demo}: orders by state, revenue
 * and conversion, stock levels and the most ordered SKUs, read afresh from the analytics and
 * inventory services each time the dashboard asks.
 */
final class ShopPanel {
  private ShopPanel() {}

  /** A supplier of the panel of {@code shop}, as it is when asked. */
  static Supplier<DashboardPanel> of(ShopApp shop) {
    return () -> panel(shop.analytics().figures(), shop.catalog(), shop.inventory().levels());
  }

  static DashboardPanel panel(Figures figures, Catalog catalog, Map<String, Level> levels) {
    long confirmed = figures.ordersConverted() - figures.ordersShipped();
    List<Figure> tiles =
        List.of(
            new Figure("Orders placed", Long.toString(figures.ordersPlaced())),
            new Figure("In the last minute", Long.toString(figures.ordersLastMinute())),
            new Figure("Revenue", ShopSummary.money(figures.revenueCents())),
            new Figure(
                "Conversion", String.format(Locale.ROOT, "%.1f%%", 100 * figures.conversion())));
    BarChart states =
        new BarChart(
            "Orders by state",
            List.of(
                Bar.of("open", figures.ordersOpen()),
                Bar.of("confirmed", confirmed),
                Bar.of("shipped", figures.ordersShipped()),
                Bar.of("cancelled", figures.ordersCancelled())));
    List<Bar> stock = new ArrayList<>();
    for (Catalog.Item item : catalog.items()) {
      Level level = levels.get(item.sku());
      if (level != null) {
        double most = Math.max(item.initialStock(), level.available() + level.reserved());
        stock.add(
            new Bar(
                item.sku() + (level.reserved() > 0 ? " (" + level.reserved() + " reserved)" : ""),
                level.available(),
                OptionalDouble.of(most)));
      }
    }
    List<Bar> top = figures.topSkus().stream().map(s -> Bar.of(s.sku(), s.quantity())).toList();
    return new DashboardPanel(
        "Shop",
        tiles,
        List.of(states, new BarChart("Stock available", stock), new BarChart("Top SKUs", top)));
  }
}
