package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.data.Split;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The "similar training images" strip of the page in a real Chromium (as {@link FeedbackPageIT}):
 * after a prediction it shows the five nearest training images with label and similarity, and it
 * stays hidden on a server whose store has no embeddings (409).
 */
class SimilarStripIT {
  @TempDir Path dir;

  @Test
  void page_prediction_showsSimilarTrainingImagesOrHidesTheStrip() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path image = fixture.testImages().get(0);
    Path withEmbeddings = FeatureFixtures.storeCopy(fixture, dir.resolve("with"));
    FeatureFixtures.materialize(fixture, withEmbeddings, e -> e.split() == Split.TRAIN);
    Path without = FeatureFixtures.storeCopy(fixture, dir.resolve("without"));
    WebDriver driver = FeedbackPageIT.chrome();
    try {
      try (PredictionServer server = start(fixture, withEmbeddings, "feedback-with")) {
        predict(driver, server, image);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> d.findElements(By.cssSelector("#similar-list li")).size() == 5);
        wait.until(d -> allLoaded(d));
        assertThat(FeedbackPageIT.hook(driver, "similar").isDisplayed()).isTrue();
        List<WebElement> items = driver.findElements(By.cssSelector("#similar-list li"));
        String predicted = FeedbackPageIT.hook(driver, "prediction").getText();
        assertThat(items.get(0).getText()).startsWith(predicted + " · ");
        assertThat(items.get(0).findElement(By.tagName("img")).getAttribute("src"))
            .contains("/similar/images/");
        FeedbackPageIT.screenshot(driver, "similar-strip.png");
      }
      try (PredictionServer server = start(fixture, without, "feedback-without")) {
        predict(driver, server, image);
        Http http = new Http(server.url());
        new WebDriverWait(driver, Duration.ofSeconds(30))
            .until(
                d ->
                    http.get("/metrics")
                        .text()
                        .contains(
                            "mlops_api_requests_total{route=\"similar\",status=\"409\"} 1.0"));
        Thread.sleep(200);
        assertThat(FeedbackPageIT.hook(driver, "similar").isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector("#similar-list li"))).isEmpty();
        assertThat(FeedbackPageIT.hook(driver, "prediction").getText()).isIn(ServingFixture.LABELS);
      }
    } finally {
      driver.quit();
    }
  }

  private PredictionServer start(ServingFixture fixture, Path store, String feedback)
      throws Exception {
    return PredictionServer.start(
        fixture.config().storeRoot(store).feedbackDirectory(dir.resolve(feedback)).build(),
        ServerLog.of(Progress.NONE));
  }

  private static void predict(WebDriver driver, PredictionServer server, Path image) {
    driver.get(server.url() + "/");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.until(d -> !d.findElement(By.id("model-info")).getText().startsWith("Loading"));
    driver.findElement(By.cssSelector("input[type=file]")).sendKeys(image.toString());
    wait.until(d -> !FeedbackPageIT.hook(d, "prediction").getText().isBlank());
  }

  private static boolean allLoaded(WebDriver driver) {
    Object loaded =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return Array.from(document.querySelectorAll('#similar-list img'))"
                    + ".every(i => i.complete && i.naturalWidth > 0);");
    return Boolean.TRUE.equals(loaded);
  }
}
