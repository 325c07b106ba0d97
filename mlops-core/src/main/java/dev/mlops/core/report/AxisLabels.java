package dev.mlops.core.report;

import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * Short axis tick labels for XChart, and the tick spacing that makes XChart 3.8.8's tick layout
 * terminate with them.
 *
 * <p>The cause of issue 11 (a build spinning forever in {@code
 * AxisTickCalculator_.willLabelsFitInTickSpaceHint}): when an axis's data values are equally
 * spaced, as a histogram's bin edges are, XChart places ticks on data values only ({@code
 * calculateForEquallySpacedAxisValues}): it tries every value, then every second, every third, ...
 * until the labels are distinct and the widest one, times 1.1, is narrower than the distance
 * between two ticks. When not even two labels fit, it goes on to a single tick, whose "distance" is
 * 0/0 = NaN, cast to 0 pixels, which nothing fits: the loop never ends. It got there because the
 * default number format prints up to 15 decimals ("23,987.94970414201", 138 px in the default bold
 * 12 pt sans serif), and in the first layout pass XChart guesses the x axis's width from a 60 px y
 * axis and the outside legend: 163 px, of which 92% (150 px) hold ticks, and 1.1 x 138 px = 152 px.
 * The only exit XChart checks before that loop is "fewer pixels for ticks than the tick spacing
 * hint" (74 px by default), so the fix is in two parts: labels that are short and distinct at the
 * axis ends, which we format ourselves, and a spacing hint above 1.1 x the widest label, measured
 * the way XChart measures it. Then either two labels fit or XChart draws the axis without ticks; it
 * cannot loop. Away from equally spaced values XChart widens its grid step until labels fit, which
 * ends for any label of bounded width.
 */
final class AxisLabels {
  /** XChart's default x tick spacing hint, in pixels. */
  static final int DEFAULT_X_SPACING = 74;

  /** Beyond this many significant digits a label is too long: the axis gets an offset instead. */
  static final int MAX_DIGITS = 6;

  private static final int MIN_DIGITS = 3;
  private static final String BLANK = " ";

  private AxisLabels() {}

  /**
   * {@code value} rounded to {@code digits} significant digits: plain between 0.001 and 99999,
   * otherwise as mantissa and exponent ("1.5E-7"), so no label is longer than 13 characters.
   */
  static String compact(double value, int digits) {
    if (value == 0 || !Double.isFinite(value)) {
      return value == 0 ? "0" : String.valueOf(value);
    }
    BigDecimal rounded =
        new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    rounded = rounded.stripTrailingZeros();
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent >= -3 && exponent < 5) {
      return rounded.toPlainString();
    }
    return rounded.movePointLeft(exponent).toPlainString() + "E" + exponent;
  }

  /**
   * Labels for {@code values} (sorted, at least two, finite) with as few significant digits as tell
   * them all apart, at least 3 and at most {@link #MAX_DIGITS}; null when even that many do not
   * tell the first from the last (a large offset over a small range).
   */
  static List<String> distinct(double[] values) {
    List<String> fallback = null;
    for (int digits = MIN_DIGITS; digits <= MAX_DIGITS; digits++) {
      int d = digits;
      List<String> labels = java.util.Arrays.stream(values).mapToObj(v -> compact(v, d)).toList();
      if (new HashSet<>(labels).size() == labels.size()) {
        return labels;
      }
      if (!labels.get(0).equals(labels.get(labels.size() - 1))) {
        fallback = labels; // XChart then skips values until the labels it shows are distinct
      }
    }
    return fallback;
  }

  /**
   * Sets the x axis's tick spacing hint so that XChart's tick loop ends (see the class comment):
   * above 1.1 x the widest of {@code labels} as XChart measures it, and never below its default.
   *
   * @return the width of the widest label, in pixels
   */
  static double fitXSpacing(AxesChartStyler styler, Collection<String> labels) {
    FontRenderContext context = new FontRenderContext(null, true, false);
    double widest = 0;
    Set<String> seen = new HashSet<>();
    for (String label : labels) {
      if (!label.isBlank() && seen.add(label)) {
        TextLayout layout = new TextLayout(label, styler.getAxisTickLabelsFont(), context);
        widest = Math.max(widest, layout.getOutline(null).getBounds().getWidth());
      }
    }
    styler.setXAxisTickMarkSpacingHint(Math.max(DEFAULT_X_SPACING, (int) (1.1 * widest) + 1));
    return widest;
  }

  /**
   * {@code labels} with all but every {@code step}-th and the last blanked (a space: XChart cannot
   * lay out an empty label, and blanks must be equal to each other). XChart only accepts a choice
   * of ticks whose labels are distinct, so repeated blanks make it pick every {@code step}-th value
   * (or fewer): gaps between labels that its own "1.1 x the widest" leaves too narrow to read. The
   * first and last stay, so the two-tick layout that ends its loop remains.
   */
  static List<String> every(List<String> labels, int step) {
    int last = labels.size() - 1;
    return java.util.stream.IntStream.rangeClosed(0, last)
        .mapToObj(i -> i % step == 0 || i == last ? labels.get(i) : BLANK)
        .toList();
  }

  /**
   * A tick formatter for an axis whose ticks XChart places on the integers {@code 0..n-1} only
   * (equally spaced data values): tick {@code i} reads {@code labels.get(i)}.
   */
  static Function<Double, String> byIndex(List<String> labels) {
    return value -> {
      long i = Math.round(value);
      return i >= 0 && i < labels.size() ? labels.get((int) i) : BLANK;
    };
  }
}
