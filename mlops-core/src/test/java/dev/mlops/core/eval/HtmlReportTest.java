package dev.mlops.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.data.Split;
import dev.mlops.core.report.ReportPages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final String EVIL = "<script>";
  private static final Pattern SRC = Pattern.compile("src=\"([^\"]*)\"");
  private static final String PNG_URI = "data:image/png;base64,";

  @TempDir Path dir;

  private ReportInput input(List<EpochPoint> history) throws Exception {
    // The fixture's only mistake is "dog/2.png" (a dog predicted as the first label).
    EvaluationMetrics metrics = Fixtures.metrics(List.of(EVIL, "dog"));
    List<GateResult> gates =
        new QualityGates(0.9, null, null, null, null).check(metrics, BaselineProvider.NONE);
    EvaluationReport evaluation =
        new EvaluationReport(
            new ModelInfo("cnn-small", "abc123", "m1", Split.TEST), metrics, gates);
    Map<String, Map<String, Integer>> counts =
        Map.of("train", Map.of(EVIL, 5, "dog", 6), "test", Map.of(EVIL, 1, "dog", 3));
    return new ReportInput("pets & co", evaluation, history, counts, dir.resolve("data"));
  }

  private void image(String relative, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, Color.RED.getRGB());
    Path file = dir.resolve("data").resolve(relative);
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private static List<EpochPoint> history() {
    return List.of(
        new EpochPoint(1, 1.2, 0.40, 1.3, 0.35, 0.001),
        new EpochPoint(2, 0.8, 0.60, 0.9, 0.55, 0.001),
        new EpochPoint(3, 0.5, 0.80, 0.7, 0.70, 0.0005));
  }

  private static List<String> sources(String html) {
    List<String> sources = new ArrayList<>();
    Matcher m = SRC.matcher(html);
    while (m.find()) {
      sources.add(m.group(1));
    }
    return sources;
  }

  @Test
  void write_fullInput_hasEverySectionAndOnlyInlinePngs() throws Exception {
    image("dog/2.png", 200, 100);

    Path page = HtmlReport.write(dir.resolve("report"), input(history()), Progress.NONE);
    String html = Files.readString(page);

    assertThat(page).isEqualTo(dir.resolve("report/index.html"));
    assertThat(html)
        .contains(
            "id=\"summary\"",
            "id=\"gates\"",
            "id=\"learning-curves\"",
            "id=\"confusion-matrix\"",
            "id=\"per-class\"",
            "id=\"misclassified\"",
            "id=\"data-summary\"")
        .contains("accuracy 0.75 is below the gate minAccuracy=0.9")
        .contains("<tr><th>dog</th><td>6</td><td>3</td><td>9</td></tr>") // train, test, total
        .contains("<tr><th>total</th><td>11</td><td>4</td><td>15</td></tr>");
    // loss, accuracy, confusion heat map and the one thumbnail, all inline and decodable
    List<String> sources = sources(html);
    assertThat(sources).hasSize(4).allMatch(s -> s.startsWith(PNG_URI));
    for (String source : sources) {
      byte[] png = Base64.getDecoder().decode(source.substring(PNG_URI.length()));
      assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
    }
    BufferedImage thumb = decode(sources.get(3));
    assertThat(thumb.getWidth()).isEqualTo(96);
    assertThat(thumb.getHeight()).isEqualTo(48);
  }

  @Test
  void write_labelsAndFileNamesFromData_areEscaped() throws Exception {
    String html = Files.readString(HtmlReport.write(dir, input(history()), Progress.NONE));

    assertThat(html).doesNotContain(EVIL).doesNotContain("pets & co");
    assertThat(html)
        .contains("<h1>pets &amp; co</h1>")
        .contains("<tr><th>&lt;script&gt;</th>")
        .contains("predicted: &lt;script&gt; (0.7500)");
  }

  @Test
  void write_anyInput_hasNoExternalReferences() throws Exception {
    image("dog/2.png", 16, 16);

    String html = Files.readString(HtmlReport.write(dir, input(history()), Progress.NONE));

    assertThat(html.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("<script")
        .doesNotContain("<link");
  }

  @Test
  void write_noHistoryAndMissingImage_saysSoAndKeepsOtherCharts() throws Exception {
    String html = Files.readString(HtmlReport.write(dir, input(List.of()), Progress.NONE));

    assertThat(html).contains("<p>No training history.</p>").contains("class=\"missing\"");
    assertThat(sources(html)).hasSize(1); // the confusion heat map only
    assertThat(html).contains("dog/2.png<br>true: dog");
  }

  @Test
  void write_again_replacesThePage() throws Exception {
    Path page = HtmlReport.write(dir, input(history()), Progress.NONE);
    Files.writeString(page, "stale");

    HtmlReport.write(dir, input(history()), Progress.NONE);

    assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>");
  }

  @Test
  void write_companionPagePresent_linksIt() throws Exception {
    Files.writeString(
        Files.createDirectories(dir.resolve("report")).resolve("benchmark.html"), "b");

    String html =
        Files.readString(HtmlReport.write(dir.resolve("report"), input(history()), Progress.NONE));

    assertThat(html).contains("id=\"pages\"").contains("<a href=\"benchmark.html\">");
  }

  @Test
  void linkCompanionPages_pageWrittenAfterTheReport_addsTheLinkOnceAndKeepsTheRest()
      throws Exception {
    Path page = HtmlReport.write(dir, input(history()), Progress.NONE);
    String before = Files.readString(page);
    assertThat(before).doesNotContain("benchmark.html");
    Files.writeString(dir.resolve("benchmark.html"), "b");

    assertThat(ReportPages.linkCompanionPages(dir)).isTrue();
    assertThat(ReportPages.linkCompanionPages(dir)).isTrue();

    String after = Files.readString(page);
    assertThat(after.split("<a href=\"benchmark.html\">", -1)).hasSize(2);
    assertThat(after.replaceAll("(?s)<section id=\"pages\">.*?</section>\n", "")).isEqualTo(before);
  }

  @Test
  void linkCompanionPages_noReport_changesNothing() throws Exception {
    assertThat(ReportPages.linkCompanionPages(dir)).isFalse();
    assertThat(dir.resolve("index.html")).doesNotExist();
  }

  private static BufferedImage decode(String source) throws Exception {
    byte[] png = Base64.getDecoder().decode(source.substring(PNG_URI.length()));
    return ImageIO.read(new ByteArrayInputStream(png));
  }
}
