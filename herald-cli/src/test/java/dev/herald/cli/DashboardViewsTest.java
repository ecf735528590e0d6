package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every view of the dashboard, with the shop's data, on a desktop (1280×800) and a phone (375×800),
 * light and dark: each draws its data, logs no error, and fits the phone's width. A screenshot of
 * each goes to {@code target/dashboard-screenshots}.
 */
class DashboardViewsTest {
  @RegisterExtension static final Chromium chromium = new Chromium();

  /** How dark the page's background is, 0 (black) to 1 (white), from body or html. */
  private static final String LUMINANCE =
      """
      for (const element of [document.body, document.documentElement]) {
        const rgba = (getComputedStyle(element).backgroundColor.match(/[\\d.]+/g) || []).map(Number);
        if (rgba.length >= 3 && (rgba.length < 4 || rgba[3] > 0)) {
          return (0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]) / 255;
        }
      }
      return 1;
      """;

  @RegisterExtension static final RunningShop shop = new RunningShop();
  private DashboardRig rig;
  private Dashboard dashboard;

  @BeforeEach
  void page() {
    rig = shop.rig();
    dashboard = new Dashboard(chromium, rig);
    chromium.prefersDark(false);
  }

  /** A view: its route, its {@code data-view}, and what it draws from the shop's data. */
  private record View(String route, String view, String drawn) {}

  @ParameterizedTest(name = "[{0}-{1}]")
  @CsvSource({"1280, light", "1280, dark", "375, light", "375, dark"})
  void everyView_drawsItsDataWithoutErrorsAndFits(int width, String theme) throws Exception {
    String correlation = rig.placedEvent(rig.shippedOrder()).path("correlationid").asText();
    assertThat(correlation).as("the placed order's correlationid").isNotEmpty();
    List<View> views =
        List.of(
            new View("/events", "events", "#events-list .event-row"),
            new View(
                "/topology", "topology", "svg#topology g.node[data-node='service:shop-orders']"),
            new View("/flows/" + correlation, "flows", "#flow-tree .flow-node"),
            new View("/consumers", "consumers", "#lag-charts svg.lag-chart"),
            new View("/dead-letters", "dead-letters", "#dlq-count"),
            new View("/panel/shop", "panel", "#panel .figure"));
    boolean phone = width < 1000;
    if (phone) {
      chromium.viewport(width, 800, true);
    }
    dashboard.open("/events", "events");
    if (theme.equals("dark")) {
      chromium.visible("#theme").click();
      chromium.until("the page to turn dark", d -> luminance() < 0.5);
    }

    SoftAssertions softly = new SoftAssertions();
    for (View view : views) {
      chromium.open(rig.page(view.route()));
      dashboard.ready(view.view());
      chromium.visible(view.drawn());
      if (view.view().equals("panel")) {
        chromium.present("#panel svg.bars");
      }

      chromium.screenshot(chromium.testName() + "-" + view.view());
      softly.assertThat(Chromium.describe(chromium.errors())).as("errors on " + view).isEmpty();
      chromium.clearErrors(); // told once, on the view that logged them
      softly
          .assertThat(luminance())
          .as(theme + " background of " + view)
          .matches(l -> theme.equals("dark") ? l < 0.5 : l > 0.5);
      if (phone) {
        softly
            .assertThat(chromium.script("return window.innerWidth"))
            .as(
                "the layout viewport on "
                    + view
                    + ": the phone's width, unless something overflows")
            .isEqualTo((long) width);
        softly
            .assertThat((Long) chromium.script("return document.documentElement.scrollWidth"))
            .as("the page's width on " + view + "; sticking out: " + overflowing(width))
            .isLessThanOrEqualTo(width);
      }
    }
    softly.assertAll();
  }

  @Test
  void theme_followsTheSystemUntilChosenThenKeepsTheChoice() {
    chromium.prefersDark(true);
    dashboard.open("/events", "events");
    chromium.until("the page to follow the system's dark theme", d -> luminance() < 0.5);

    chromium.visible("#theme").click();
    chromium.until("the page to turn light", d -> luminance() > 0.5);
    chromium.driver().navigate().refresh();
    dashboard.ready("events");

    assertThat(luminance()).as("the chosen light theme, after a reload").isGreaterThan(0.5);
  }

  /** The innermost elements whose right edge is beyond {@code width}, described, at most 5. */
  private static Object overflowing(int width) {
    return chromium.script(
        """
        const beyond = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > arguments[0] + 0.5)
          .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > arguments[0] + 0.5));
        return beyond.slice(0, 5).map((e) => e.tagName.toLowerCase()
          + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined
            ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')
          + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ')').join(', ');
        """,
        width);
  }

  private static double luminance() {
    return ((Number) chromium.script(LUMINANCE)).doubleValue();
  }
}
