package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.feedback.FeedbackLog;
import dev.mlops.core.feedback.FeedbackRecord;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real Chromium (Debian's {@code chromium} and {@code chromedriver}, headless, no
 * network but the loopback server): upload an image, read the prediction, send a correction, and
 * see the feedback count go up. Screenshots before and after land in {@code target/}.
 */
class FeedbackPageIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path feedback;

  @Test
  void page_uploadPredictCorrect_feedbackCountGoesUp() throws Exception {
    assertThat(CHROMIUM)
        .as("Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does)")
        .isExecutable();
    assertThat(CHROMEDRIVER)
        .as("chromedriver is needed: apt-get install -y chromium chromium-driver (.ci/run does)")
        .isExecutable();
    ServingFixture fixture = ServingFixture.shared();
    Path image = fixture.testImages().get(0);
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().feedbackDirectory(feedback).build(), ServerLog.of(Progress.NONE))) {
      WebDriver driver = chrome();
      try {
        driver.get(server.url() + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> new Select(hook(d, "correct-label")).getOptions().size() == 3);
        assertThat(hook(driver, "feedback-count").getText()).isEqualTo("0");

        driver.findElement(By.cssSelector("input[type=file]")).sendKeys(image.toString());
        wait.until(d -> !hook(d, "prediction").getText().isBlank());
        String predicted = hook(driver, "prediction").getText();
        assertThat(predicted).isIn(ServingFixture.LABELS);
        screenshot(driver, "feedback-page-before.png");

        String corrected = FeedbackApiTest.otherLabel(predicted);
        new Select(hook(driver, "correct-label")).selectByValue(corrected);
        hook(driver, "send-feedback").click();
        wait.until(d -> hook(d, "feedback-count").getText().equals("1"));
        screenshot(driver, "feedback-page-after.png");

        driver.findElement(By.id("tab-feedback")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#recent img")).isEmpty());
        screenshot(driver, "feedback-page-tab.png");
        List<FeedbackRecord> log = FeedbackLog.read(feedback);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).predicted()).isEqualTo(predicted);
        assertThat(log.get(0).label()).isEqualTo(corrected);
      } finally {
        driver.quit();
      }
    }
  }

  static WebElement hook(WebDriver driver, String name) {
    return driver.findElement(By.cssSelector("[data-test=" + name + "]"));
  }

  /**
   * The system Chromium through the system chromedriver, both named explicitly so that Selenium
   * Manager never looks for (or downloads) a browser or driver. Phone width: 412 px.
   */
  static WebDriver chrome() {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--window-size=412,1200");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  static void screenshot(WebDriver driver, String name) throws Exception {
    File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path target = Files.createDirectories(Path.of("target"));
    Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
