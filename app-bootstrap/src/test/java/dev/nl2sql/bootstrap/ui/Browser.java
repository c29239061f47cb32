package dev.nl2sql.bootstrap.ui;

import dev.nl2sql.bootstrap.InstalledTool;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver (bin/ensure-chromium installs both): nothing is
 * downloaded, a fresh profile per browser, and every wait bounded.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A generous bound for one step on a loaded 2-core machine; a step that passes is not slowed by it. */
    private static final Duration STEP = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** {@return a headless browser; a test without chromium or chromedriver installed is skipped, or failed under ./build test} */
    static Browser start() throws IOException {
        InstalledTool.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (bin/ensure-chromium)");
        Path profile = Files.createTempDirectory("nl2sql-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                        "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    /** Clears the field {@code id} and types {@code text} into it. */
    void type(String id, String text) {
        WebElement field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    void click(String id) {
        find(id).click();
    }

    <T> T await(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, STEP).until(condition);
    }

    /** Writes what the browser shows to {@code file}. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
