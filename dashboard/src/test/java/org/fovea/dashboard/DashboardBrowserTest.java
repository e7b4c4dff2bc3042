package org.fovea.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; scripts/ci/dashboard.sh
 * installs them): a short LeNet-5 training starts after the page has opened, the page must receive live
 * updates through Server-Sent Events and draw its charts and pictures; an earlier run is then compared on the
 * same charts and a screenshot is saved to target/dashboard.png (and to docs/dashboard.png, shown by the README, with
 * -Dfovea.screenshot.docs=true).
 * Without the browser the test is skipped, except under FOVEA_CI=1, where that is a failure.
 */
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir Path tmp;

    @Test
    void livePageShowsChartsPicturesAndComparesRuns() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("FOVEA_CI"))) {
            fail("FOVEA_CI=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: scripts/ci/dashboard.sh installs them");
        }
        Assumptions.assumeTrue(present, "no headless Chromium here (apt-get install chromium chromium-driver fonts-liberation)");

        Path runs = Files.createDirectories(tmp.resolve("runs"));
        RunStore store = new RunStore(runs);
        new ShortTraining(store, Files.createDirectories(runs.resolve("lenet5-earlier")), 800, 2, 64, 5).run();
        ShortTraining live = new ShortTraining(store, Files.createDirectories(runs.resolve("lenet5-live")), 2500, 3, 32, 10);
        try (DashboardServer server = DashboardServer.start(store, "127.0.0.1", 0)) {
            WebDriver driver = browser();
            try {
                driver.get(server.uri().toString());
                var wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                wait.until(d -> text(d, "status").contains("lenet5-live") && updates(d) >= 1); // connected, meta received
                long before = updates(driver);
                Thread training = Thread.ofPlatform().start(live::run);
                wait.until(d -> updates(d) >= before + 5);
                assertTrue(training.isAlive() || updates(driver) >= before + 5, "live updates arrived while training");
                training.join(120_000);
                wait.until(d -> text(d, "status").contains("finished"));
                for (String chart : List.of("loss-chart", "acc-chart", "lr-chart", "ratio-chart", "act-chart", "grad-chart")) {
                    assertEquals(1, driver.findElements(By.cssSelector("#" + chart + " .uplot canvas")).size(), chart + " drawn");
                }
                wait.until(d -> loadedImages(d, "#filters img") == 1 && loadedImages(d, "#panel img") == 10);
                assertEquals(10, driver.findElements(By.cssSelector("#panel .saliency")).size());
                String tile = (String) script(driver, "const s = getComputedStyle(document.querySelectorAll('#panel .saliency')[9]);"
                        + " return s.backgroundImage + ' at ' + s.backgroundPosition;");
                assertTrue(tile.contains("/api/runs/lenet5-live/files/saliency-3.png") && tile.endsWith(" at -756px 0px"), tile);
                assertEquals(11, driver.findElements(By.cssSelector("#confusion tr")).size());
                assertTrue(driver.findElements(By.cssSelector("#params tr")).size() > 5);
                assertTrue(driver.findElements(By.cssSelector("#activations tr")).size() > 5);
                assertTrue(text(driver, "command").contains("./fovea train"));
                assertTrue(driver.findElements(By.cssSelector("#summary tr")).size() > 5);
                assertTrue(text(driver, "gap").contains("gap"));
                // Compare with the earlier run: its curves join the same charts.
                // The run list is redrawn every few seconds: find and click in one script.
                script(driver, "document.querySelector(\"#runs input[data-run='lenet5-earlier']\").click();");
                wait.until(d -> legend(d, "loss-chart").contains("lenet5-earlier") && legend(d, "acc-chart").contains("lenet5-earlier"));
                assertTrue(legend(driver, "loss-chart").contains("lenet5-live smoothed"));
                Thread.sleep(300);
                File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
                Path target = Files.createDirectories(Path.of("target"));
                Files.copy(shot.toPath(), target.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
                // The README's picture is refreshed only on request (-Dfovea.screenshot.docs=true), so a test
                // run leaves the tracked tree unchanged.
                Path docs = Path.of("..", "docs");
                if (Boolean.getBoolean("fovea.screenshot.docs") && Files.exists(Path.of("..", "pom.xml"))) {
                    Files.createDirectories(docs);
                    Files.copy(shot.toPath(), docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
                }
                assertTrue(Files.size(target.resolve("dashboard.png")) > 50_000);
            } catch (RuntimeException | AssertionError e) {
                // What the page said: its status line and the browser console (script errors, CSP violations).
                System.err.println("dashboard status: " + driver.findElement(By.id("status")).getText());
                driver.manage().logs().get(LogType.BROWSER).forEach(entry -> System.err.println("browser: " + entry));
                throw e;
            } finally {
                driver.quit();
            }
        }
    }

    private static WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--disable-features=BackForwardCache", "--window-size=1500,2300", "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory("fovea-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Object script(WebDriver d, String js) { return ((JavascriptExecutor) d).executeScript(js); }

    private static String text(WebDriver d, String id) { return d.findElement(By.id(id)).getText(); }

    private static long updates(WebDriver d) {
        Object v = ((JavascriptExecutor) d).executeScript("return Number(document.body.dataset.updates || 0);");
        return ((Number) v).longValue();
    }

    private static long loadedImages(WebDriver d, String css) {
        Object v = ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll(arguments[0])].filter(i => i.complete && i.naturalWidth > 0).length;", css);
        return ((Number) v).longValue();
    }

    private static String legend(WebDriver d, String chart) {
        // Read in one script: the page rebuilds a chart when its runs change, which would stale element references.
        return (String) ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#' + arguments[0] + ' .u-legend .u-label')].map(e => e.textContent).join('|');", chart);
    }
}
