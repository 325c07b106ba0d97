package dev.mlops.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {
  private static final String PNG_URI = "data:image/png;base64,";
  private final RecordingProgress progress = new RecordingProgress();
  private final Charts charts = new Charts(progress);

  /** Issue 11's sharpness histogram (MNIST digits), which hung the build in XChart's tick loop. */
  static Map<String, long[]> issue11Sharpness() {
    Map<String, long[]> counts = new LinkedHashMap<>();
    counts.put(
        "baseline",
        new long[] {
          12, 23, 29, 35, 49, 88, 120, 136, 159, 126, 86, 64, 29, 14, 11, 11, 5, 0, 1, 2
        });
    counts.put(
        "incoming",
        new long[] {4, 8, 7, 5, 14, 14, 22, 18, 38, 24, 20, 10, 6, 4, 3, 2, 1, 0, 0, 0});
    return counts;
  }

  private static BufferedImage decode(String html) throws Exception {
    int start = html.indexOf(PNG_URI) + PNG_URI.length();
    byte[] png = Base64.getDecoder().decode(html.substring(start, html.indexOf('"', start)));
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  @Test
  void histogram_issue11Sharpness_isDrawnWithinSeconds() throws Exception {
    String html =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                charts.histogram(
                    "sharpness",
                    "sharpness",
                    4453.168639053254,
                    23987.94970414201,
                    issue11Sharpness()));

    assertThat(html)
        .startsWith("<img class=\"chart\" alt=\"sharpness: baseline and incoming histograms\"");
    BufferedImage image = decode(html);
    assertThat(image.getWidth()).isEqualTo(HistogramChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(HistogramChart.HEIGHT);
    assertThat(progress.warnings).isEmpty();
  }

  @Test
  void histogram_nanBounds_noteAndTableOfCountsAndAWarning() {
    String html = charts.histogram("t", "brightness", Double.NaN, 1, issue11Sharpness());

    assertThat(html)
        .startsWith(
            "<p class=\"note\">chart not drawn (brightness: baseline and incoming histograms):"
                + " the range NaN .. 1.0 is not finite; the numbers are in the table</p>")
        .contains("<tr><th>bin</th><th>from</th><th>to</th><th>baseline</th><th>incoming</th></tr>")
        .contains("<tr><th>9</th><td>NaN</td><td>NaN</td><td>159</td><td>38</td></tr>")
        .doesNotContain("<img");
    assertThat(progress.warnings)
        .containsExactly(
            "chart not drawn (brightness: baseline and incoming histograms): the range NaN .. 1.0"
                + " is not finite; the page has its numbers as a table");
  }

  @Test
  void histogram_everyValueTheSame_saysSoWithoutWarning() {
    Map<String, long[]> counts = new LinkedHashMap<>();
    counts.put("baseline", new long[] {1000, 0, 0});
    counts.put("incoming", new long[] {200, 0, 0});

    String html = charts.histogram("width", "width", 28, 28, counts);

    assertThat(html)
        .isEqualTo(
            "<p class=\"note\">width: every value is 28 (baseline 1000 values, incoming 200"
                + " values)</p>\n");
    assertThat(progress.warnings).isEmpty();
  }

  @Test
  void curves_noFiniteValue_noteAndTable() {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("train", new double[] {Double.NaN, Double.NaN});

    String html = charts.curves("Loss", "epoch", "loss", new double[] {1, 2}, series, null);

    assertThat(html)
        .startsWith(
            "<p class=\"note\">chart not drawn (loss per epoch): no finite values to draw; the numbers are"
                + " in the table</p>")
        .contains("<tr><th>1</th><td>-</td></tr>");
  }

  @Test
  void curves_xAndValuesOfDifferentLengths_noteAndTableInsteadOfAnException() {
    Map<String, double[]> series = Map.of("train", new double[] {0.5, 0.4, 0.3});

    String html = charts.curves("Loss", "epoch", "loss", new double[] {1, 2}, series, null);

    assertThat(html)
        .startsWith("<p class=\"note\">chart not drawn (loss per epoch): java.lang.")
        .contains("<tr><th>2</th><td>0.4000</td></tr>");
    assertThat(progress.warnings).hasSize(1);
  }

  @Test
  void confusion_matrixSmallerThanLabels_noteThatPointsToTheTable() {
    String html = charts.confusion(List.of("a", "b"), new int[][] {{1}});

    assertThat(html)
        .startsWith("<p class=\"note\">chart not drawn (confusion matrix): java.lang.")
        .endsWith("; the numbers are in the table below</p>\n");
    assertThat(progress.warnings).hasSize(1);
  }
}
