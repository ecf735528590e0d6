package dev.herald.gateway;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A view of an application's own figures that the dashboard shows beside Herald's, such as the
 * shop's orders, revenue and stock in {@code herald demo}: a row of figures and some bar charts.
 * Give the gateway a supplier of it with {@link Gateway#panel}; the dashboard asks for a fresh one
 * every few seconds.
 *
 * @param title the panel's name in the dashboard's navigation
 * @param figures the figures shown as tiles, in order
 * @param charts the bar charts, in order
 */
public record DashboardPanel(String title, List<Figure> figures, List<BarChart> charts) {
  /** Copies the lists. */
  public DashboardPanel {
    Objects.requireNonNull(title, "title");
    figures = List.copyOf(figures);
    charts = List.copyOf(charts);
  }

  /** A figure: {@code value} is shown as it is, such as {@code "€1,234.50"}. */
  public record Figure(String label, String value) {
    /** Checks it. */
    public Figure {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A chart of horizontal bars. */
  public record BarChart(String title, List<Bar> bars) {
    /** Copies the bars. */
    public BarChart {
      Objects.requireNonNull(title, "title");
      bars = List.copyOf(bars);
    }
  }

  /**
   * One bar: {@code value}, out of {@code max} when there is one (a stock level out of its
   * capacity, say), else scaled to the chart's largest bar.
   */
  public record Bar(String label, double value, OptionalDouble max) {
    /** Checks it. */
    public Bar {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(max, "max");
    }

    /** A bar scaled to its chart's largest. */
    public static Bar of(String label, double value) {
      return new Bar(label, value, OptionalDouble.empty());
    }

    /** A bar of a count, scaled to its chart's largest. */
    public static Bar of(String label, long count) {
      return of(label, (double) count);
    }
  }
}
