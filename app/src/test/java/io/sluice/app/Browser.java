package io.sluice.app;

import org.junit.jupiter.api.Assumptions;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * A headless Chromium (the Debian {@code chromium} and {@code chromium-driver} packages) driven by
 * Selenium, with a fresh profile, no network beyond loopback, and its console log recorded so tests
 * can assert that a page logged no error.
 *
 * <p>When the browser is missing the tests are skipped on a developer machine, but FAIL under
 * {@code CI=true}: CI installs the packages ({@code .ci/run}), so a missing browser there is a bug.
 */
final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(env("SLUICE_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(env("SLUICE_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    /** Every log entry read so far: reading the browser log empties it. */
    private final List<LogEntry> log = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a browser with a window of {@code width} x {@code height} CSS pixels. */
    static Browser start(Path profileDir, int width, int height) {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString()
                : !Files.isExecutable(DRIVER) ? DRIVER.toString() : null;
        if (missing != null) {
            String why = missing + " is missing: install the Debian packages chromium and chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: the browser tests must run, .ci/run installs them)");
            }
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profileDir.toAbsolutePath(),
                "--window-size=" + width + "," + height, "--lang=en-GB");
        LoggingPreferences prefs = new LoggingPreferences();
        prefs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            // a browser that is installed but cannot start is a failure everywhere, never a skip
            throw new IllegalStateException("Chromium could not start: " + e.getMessage(), e);
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Emulates a phone: the viewport's width in CSS pixels, touch and the mobile meta viewport. */
    void phone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    /** Saves a PNG of the viewport. */
    Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every browser console entry so far (errors, warnings, logs), oldest first. */
    List<LogEntry> log() {
        log.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return List.copyOf(log);
    }

    /** The console entries at error level (uncaught exceptions, console.error, failed loads). */
    List<String> errors() {
        return log().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
