package dev.mlops.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class AxisLabelsTest {
  @Test
  void compact_anyMagnitude_isShort() {
    assertThat(AxisLabels.compact(4453.168639053254, 3)).isEqualTo("4450");
    assertThat(AxisLabels.compact(23987.94970414201, 3)).isEqualTo("24000");
    assertThat(AxisLabels.compact(0.00123456, 3)).isEqualTo("0.00123");
    assertThat(AxisLabels.compact(0.000123456, 3)).isEqualTo("1.23E-4");
    assertThat(AxisLabels.compact(123456, 3)).isEqualTo("1.23E5");
    assertThat(AxisLabels.compact(-1e300, 6)).isEqualTo("-1E300");
    assertThat(AxisLabels.compact(Double.MIN_VALUE, 6)).isEqualTo("4.94066E-324");
    assertThat(AxisLabels.compact(0, 3)).isEqualTo("0");
    assertThat(AxisLabels.compact(-0.0, 3)).isEqualTo("0");
  }

  @Test
  void distinct_issue11SharpnessEdges_threeDigitsTellThemApart() {
    double min = 4453.168639053254;
    double max = 23987.94970414201;
    double[] edges = new double[21];
    for (int b = 0; b <= 20; b++) {
      edges[b] = min + (max - min) * b / 20;
    }

    List<String> labels = AxisLabels.distinct(edges);

    assertThat(labels).hasSize(21).startsWith("4450", "5430").endsWith("23000", "24000");
  }

  @Test
  void distinct_largeOffsetOverTinyRange_isNull() {
    assertThat(AxisLabels.distinct(new double[] {1e9, 1e9 + 5e-4, 1e9 + 1e-3})).isNull();
    assertThat(AxisLabels.distinct(new double[] {0, 5e-4, 1e-3}))
        .containsExactly("0", "5E-4", "0.001");
  }

  @Test
  void fitXSpacing_longLabels_hintAboveTheirWidthSoTwoTicksAlwaysFit() {
    XYChart chart = new XYChart(360, 240);

    double widest = AxisLabels.fitXSpacing(chart.getStyler(), List.of("1", "-1.23457E-300", "22"));

    assertThat(widest).isGreaterThan(60);
    assertThat(chart.getStyler().getXAxisTickMarkSpacingHint()).isGreaterThan((int) (1.1 * widest));
    AxisLabels.fitXSpacing(chart.getStyler(), List.of("1", "2"));
    assertThat(chart.getStyler().getXAxisTickMarkSpacingHint())
        .isEqualTo(AxisLabels.DEFAULT_X_SPACING);
  }

  @Test
  void every_keepsEveryStepAndTheLast() {
    assertThat(AxisLabels.every(List.of("a", "b", "c", "d", "e", "f"), 2))
        .containsExactly("a", " ", "c", " ", "e", "f");
  }
}
