package dev.tally.server.console;

import dev.tally.server.TallyServer;
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

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs)
 * driven by Selenium, pointed at one console. The driver binary is named explicitly, so Selenium Manager never tries
 * to download one. Owns the chromedriver process, the browser and the server it was opened on; {@link #close()} stops
 * all three.
 */
final class ConsoleBrowser implements AutoCloseable
{
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** Where the browser saves downloads (the Query page's CSV). */
    static final Path DOWNLOADS = Path.of("target", "console-downloads").toAbsolutePath();
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    private static final List<String> BROWSERS = List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TallyServer server;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final String base;

    /** A browser on {@code server}'s console; closing it closes the server too (even if the browser fails to start). */
    ConsoleBrowser(final TallyServer server)
    {
        this.server = server;
        try
        {
            service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options());
        }
        catch (final RuntimeException ex)
        {
            server.close();
            throw ex;
        }
        base = "http://127.0.0.1:" + server.port() + "/";
    }

    private static ChromeOptions options()
    {
        if (!DRIVER.canExecute())
        {
            throw new IllegalStateException(DRIVER + " is missing: install Debian's chromium and chromium-driver " +
                "(apt-get install chromium chromium-driver; .ci/run does this)");
        }
        final String binary = BROWSERS.stream().filter(path -> new File(path).canExecute()).findFirst()
            .orElseThrow(() -> new IllegalStateException("no chromium at " + BROWSERS));
        final ChromeOptions options = new ChromeOptions().setBinary(binary).addArguments("--headless=new",
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
            "--no-first-run", "--disable-extensions", "--disable-background-networking", "--lang=en-US");
        final LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
            "download.prompt_for_download", false));
        return options;
    }

    TallyServer server()
    {
        return server;
    }

    WebDriver driver()
    {
        return driver;
    }

    /**
     * Loads the console afresh at a hash route, e.g. {@code #/query} (through a blank page: going from one hash to
     * another of the same page would keep the page's state from an earlier test).
     */
    void open(final String hash)
    {
        driver.get("about:blank");
        driver.get(base + hash);
    }

    WebElement await(final String css)
    {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    <T> T await(final String what, final Function<WebDriver, T> condition)
    {
        return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
    }

    WebElement find(final String css)
    {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(final String css)
    {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(final String script, final Object... arguments)
    {
        return ((JavascriptExecutor)driver).executeScript(script, arguments);
    }

    /** Saves what the browser shows as {@code target/console-screenshots/<name>.png}. */
    void screenshot(final String name)
    {
        try
        {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The browser console's errors since the last call (reading them empties the browser's buffer). */
    List<String> errors()
    {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .toList();
    }

    @Override
    public void close()
    {
        try
        {
            driver.quit();
        }
        finally
        {
            try
            {
                service.stop();
            }
            finally
            {
                server.close();
            }
        }
    }
}
