package dev.herald.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for a test class, driven through the machine's own ChromeDriver: {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or the files named by {@code
 * HERALD_CHROMIUM} and {@code HERALD_CHROMEDRIVER}. Nothing is downloaded. Without them the class
 * is skipped, with the command that installs them; with {@code HERALD_BROWSER_TESTS=required} (as
 * in CI) it fails instead.
 *
 * <p>Each test gets a fresh browser with its own profile, 1280×800. After each test a screenshot
 * goes to {@code target/dashboard-screenshots/<Class>.<test>.png}, failed or not, and the test
 * fails if the browser logged any error (a console error, a failed request, an uncaught exception).
 * Register it with {@code @RegisterExtension static final Chromium chromium = new Chromium();}. Not
 * thread-safe: one test at a time.
 */
final class Chromium implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
  static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  static final String INSTALL = "sudo apt-get install -y chromium chromium-driver";
  private static final Duration WAIT = Duration.ofSeconds(15);
  // Selenium warns on every start that it has no DevTools bindings for this Chromium; the tests
  // use none (CDP commands go through ChromeDriver), so keep the warning out of the test output.
  private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

  private File chromium;
  private File chromedriver;
  private ChromeDriver driver;
  private TempDirectory profile;
  private String testName = "test";
  private final List<LogEntry> logged = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    DEVTOOLS.setLevel(Level.SEVERE);
    chromium = executable("HERALD_CHROMIUM", "/usr/bin/chromium");
    chromedriver = executable("HERALD_CHROMEDRIVER", "/usr/bin/chromedriver");
    List<String> missing = new ArrayList<>();
    if (!chromium.canExecute()) {
      missing.add("Chromium (" + chromium + ", or set HERALD_CHROMIUM)");
    }
    if (!chromedriver.canExecute()) {
      missing.add("ChromeDriver (" + chromedriver + ", or set HERALD_CHROMEDRIVER)");
    }
    if (!missing.isEmpty()) {
      String message =
          "the dashboard's browser tests need "
              + String.join(" and ", missing)
              + "; on Debian or Ubuntu install them with: "
              + INSTALL;
      if ("required".equals(System.getenv("HERALD_BROWSER_TESTS"))) {
        fail("HERALD_BROWSER_TESTS=required, but " + message);
      }
      // surefire shows only "Skipped" on the console; the reason belongs where the reader is
      System.err.println("Skipped: " + message);
      Assumptions.abort(message);
    }
    Files.createDirectories(SCREENSHOTS);
  }

  private static File executable(String variable, String standard) {
    return new File(Optional.ofNullable(System.getenv(variable)).orElse(standard));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    testName =
        context.getRequiredTestClass().getSimpleName()
            + "."
            + context.getRequiredTestMethod().getName()
            + invocation(context.getDisplayName());
    logged.clear();
    profile = TempDirectory.create("herald-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile.path(),
        "--window-size=1280,800");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    // a driver of our own: Selenium Manager, which would download one, never runs; quit() stops it
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver)
            .usingAnyFreePort()
            .withAppendLog(true)
            .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
  }

  /**
   * "-375-dark" for a parameterized test's run named "[375-dark]" (quotes dropped); empty for a
   * plain test.
   */
  private static String invocation(String displayName) {
    if (!displayName.startsWith("[")) {
      return "";
    }
    return "-" + displayName.substring(1, Math.max(1, displayName.indexOf(']'))).replace("\"", "");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (driver == null) {
      profile.close();
      return;
    }
    try {
      screenshot(testName);
      List<LogEntry> errors = errors();
      if (!errors.isEmpty()) {
        fail(
            "the browser logged %d error(s) during %s:%n%s",
            errors.size(), testName, describe(errors));
      }
    } finally {
      driver.quit();
      driver = null;
      profile.close();
    }
  }

  /** The browser of the running test. */
  WebDriver driver() {
    return driver;
  }

  /** Opens {@code uri} and waits until the page has loaded. */
  void open(URI uri) {
    driver.get(uri.toString());
  }

  /** Waits until an element matching {@code css} is visible, and returns it. */
  WebElement visible(String css) {
    return waiting()
        .withMessage(() -> css + " to be visible; the page shows: " + glance())
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until an element matching {@code css} exists, visible or not, and returns it. */
  WebElement present(String css) {
    return waiting()
        .withMessage(() -> css + " to exist; the page shows: " + glance())
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until no element matches {@code css}. */
  void gone(String css) {
    waiting()
        .withMessage(() -> "no " + css + "; the page shows: " + glance())
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(css), 0));
  }

  /** Waits until {@code condition} returns something other than null or false, and returns it. */
  <T> T until(String what, Function<WebDriver, T> condition) {
    return waiting().withMessage(() -> what + "; the page shows: " + glance()).until(condition);
  }

  /** Where the page is and what it shows, in short, for a failure message. */
  String glance() {
    try {
      return String.valueOf(
          script(
              """
              const view = document.querySelector('main#view');
              const error = document.getElementById('error');
              return location.href
                + (view ? ' main#view[data-view=' + view.dataset.view
                    + '][data-ready=' + view.dataset.ready + ']' : ' (no main#view)')
                + (error && error.offsetParent !== null ? ' #error: ' + error.textContent : '')
                + ' | ' + document.body.innerText.slice(0, 300).replace(/\\s+/g, ' ');
              """));
    } catch (RuntimeException e) {
      return "(cannot tell: " + e.getMessage() + ")";
    }
  }

  /** A wait of at most 15 s, looking every 100 ms. */
  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.pollingEvery(Duration.ofMillis(100));
    return wait;
  }

  /** Runs {@code script} in the page and returns what it returns. */
  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /**
   * Makes the viewport {@code width}×{@code height} CSS pixels, as a phone of that size with touch
   * shows the page ({@code mobile} true) or a desktop window does.
   */
  void viewport(int width, int height, boolean mobile) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  /** Makes the page see {@code prefers-color-scheme: dark} (or light). */
  void prefersDark(boolean dark) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of(
            "features",
            List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
  }

  /** Saves what the browser shows as {@code target/dashboard-screenshots/<name>.png}. */
  Path screenshot(String name) {
    Path target = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
    try {
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          target,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** The name screenshots of the running test start with: {@code <Class>.<test>}. */
  String testName() {
    return testName;
  }

  /** Every error the browser logged so far in this test: console errors, failed loads, uncaught. */
  List<LogEntry> errors() {
    logged.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return logged.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
  }

  /** Forgets the errors logged so far, for a test that causes some on purpose. */
  void clearErrors() {
    errors();
    logged.clear();
  }

  /** One line per entry, for a failure message: the first ten, then how many more. */
  static String describe(List<LogEntry> entries) {
    String shown =
        entries.stream()
            .limit(10)
            .map(e -> "  " + e.getMessage())
            .collect(Collectors.joining("\n"));
    return entries.size() > 10 ? shown + "\n  … and " + (entries.size() - 10) + " more" : shown;
  }
}
