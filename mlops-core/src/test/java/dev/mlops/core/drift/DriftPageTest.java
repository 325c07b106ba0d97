package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.drift.DriftReport.EmbeddingDrift;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.drift.DriftReport.Incoming;
import dev.mlops.core.drift.DriftReport.ModelRef;
import dev.mlops.core.drift.DriftReport.PairedHistogram;
import dev.mlops.core.drift.DriftReport.PredictionDrift;
import dev.mlops.core.drift.DriftReport.Thresholds;
import dev.mlops.core.report.Charts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftPageTest {
  /**
   * The sharpness histogram of issue 11 (28x28 MNIST digits, cnn-small): with it, drawing the page
   * spun forever in XChart's tick layout. The bound keeps a regression from hanging the build.
   */
  static PairedHistogram issue11Sharpness() {
    double min = 4453.168639053254;
    double max = 23987.94970414201;
    return new PairedHistogram(
        new Histogram(
            min,
            max,
            new long[] {
              12, 23, 29, 35, 49, 88, 120, 136, 159, 126, 86, 64, 29, 14, 11, 11, 5, 0, 1, 2
            }),
        new Histogram(
            min,
            max,
            new long[] {4, 8, 7, 5, 14, 14, 22, 18, 38, 24, 20, 10, 6, 4, 3, 2, 1, 0, 0, 0}));
  }

  static FeatureDrift feature(String name, PairedHistogram histogram) {
    return new FeatureDrift(name, 1, 1, 0.1, 0.5, 0.9, 0.01, 0.2, "none", 0.1, false, histogram);
  }

  static DriftReport report(List<FeatureDrift> features, FeatureDrift confidence) {
    return new DriftReport(
        DriftReport.NO_DRIFT,
        false,
        List.of(),
        "No drift",
        "2026-01-01T00:00:00Z",
        new ModelRef("model", "abc", "train (1000 images)", "test (100 images)"),
        new Incoming("incoming", 200, false, "flat", List.of(), 100),
        new Thresholds(0.05, "holm", 12, 0.1, 0.1, 0.05, 30, 200, 42),
        features,
        confidence,
        new PredictionDrift(1, 0.5, 0.9, 0.01, 0.1, Map.of(), Map.of(), false),
        new EmbeddingDrift(0.01, 0.5, 0.9, 1, 100, 200, false),
        null,
        1);
  }

  @Test
  void html_issue11SharpnessHistogram_drawsItWithinSeconds() {
    PairedHistogram confidence =
        new PairedHistogram(
            Histogram.of(new double[] {0.9, 0.95, 0.99}, 0.9, 0.99, 20),
            Histogram.of(new double[] {0.91, 0.97}, 0.9, 0.99, 20));
    DriftReport report =
        report(
            List.of(feature("sharpness", issue11Sharpness())), feature("confidence", confidence));

    String html =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> DriftPage.html(report, new Charts(Progress.NONE)));

    assertThat(html)
        .contains("alt=\"sharpness: baseline and incoming histograms\"")
        .doesNotContain("chart not drawn");
  }

  @Test
  void html_histogramThatCannotBeDrawn_noteAndTableWhileVerdictAndTestsStand() {
    List<String> warnings = new ArrayList<>();
    Progress progress = ProgressLog.warningsTo(warnings);
    PairedHistogram broken =
        new PairedHistogram(
            new Histogram(Double.NaN, 1, new long[] {3, 4}),
            new Histogram(Double.NaN, 1, new long[] {1, 2}));
    DriftReport report =
        report(
            List.of(feature("contrast", broken), feature("sharpness", issue11Sharpness())),
            feature("confidence", issue11Sharpness()));

    String html = DriftPage.html(report, new Charts(progress));

    assertThat(html)
        .contains("<section id=\"verdict\">", "<section id=\"tests\">", "<th>contrast</th>")
        .contains(
            "chart not drawn (contrast: baseline and incoming histograms): the range NaN .. 1.0 is"
                + " not finite; the numbers are in the table")
        .contains("<tr><th>2</th><td>NaN</td><td>1</td><td>4</td><td>2</td></tr>")
        .contains("alt=\"sharpness: baseline and incoming histograms\"")
        .contains("alt=\"confidence: baseline and incoming histograms\"");
    assertThat(warnings).hasSize(1).allMatch(w -> w.startsWith("chart not drawn (contrast"));
  }
}
