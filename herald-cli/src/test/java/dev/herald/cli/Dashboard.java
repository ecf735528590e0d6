package dev.herald.cli;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's page as the browser tests see it, by the element ids and classes of its contract
 * (the "page element contract" of the dashboard's API): opening a view and waiting until it drew
 * its data.
 */
final class Dashboard {
  private final Chromium chromium;
  private final DashboardRig rig;

  Dashboard(Chromium chromium, DashboardRig rig) {
    this.chromium = chromium;
    this.rig = rig;
  }

  /** Opens {@code route} (such as {@code /events}) and waits until view {@code view} is drawn. */
  WebElement open(String route, String view) {
    chromium.open(rig.page(route));
    return ready(view);
  }

  /** Waits until {@code main#view} shows view {@code view} with its first data drawn. */
  WebElement ready(String view) {
    return chromium.present("main#view[data-view='" + view + "'][data-ready='true']");
  }

  /** Waits until the live stream shows the event {@code id}, and returns its row. */
  WebElement eventRow(String id) {
    return chromium.visible("#events-list .event-row[data-event-id='" + id + "']");
  }

  /** Waits until the event detail shows {@code text}, and returns the detail. */
  WebElement detailShowing(String text) {
    chromium.until(
        "#event-detail to show " + text,
        d -> d.findElement(By.id("event-detail")).getText().contains(text));
    return chromium.driver().findElement(By.id("event-detail"));
  }

  /** The text of every element matching {@code css}, or of its {@code attribute} when given. */
  List<String> all(String css, String attribute) {
    return chromium.driver().findElements(By.cssSelector(css)).stream()
        .map(e -> attribute.isEmpty() ? e.getText() : e.getDomAttribute(attribute))
        .toList();
  }
}
