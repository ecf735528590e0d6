package dev.herald.cli;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that runs one {@link DashboardRig} (the shop and a gateway) for all the tests
 * of a class, its notifications in a temporary directory removed afterwards. Register it as a
 * static field with {@code @RegisterExtension}.
 */
final class RunningShop implements BeforeAllCallback, AfterAllCallback {
  private TempDirectory notes;
  private DashboardRig rig;

  @Override
  public void beforeAll(ExtensionContext context) {
    notes = TempDirectory.create("herald-dashboard-test-");
    rig = new DashboardRig(notes.path());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (rig != null) {
        rig.close();
      }
    } finally {
      notes.close();
    }
  }

  /** The running shop and gateway. */
  DashboardRig rig() {
    return rig;
  }
}
