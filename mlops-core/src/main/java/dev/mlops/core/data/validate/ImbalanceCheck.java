package dev.mlops.core.data.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per split, the ratio of the largest to the smallest class must not exceed {@code maxImbalance}: a
 * warning, or an error when {@code failOnImbalance}. Classes absent from a split are the classes
 * check's business.
 */
final class ImbalanceCheck implements Check {
  static final String ID = "imbalance";

  private final double maxImbalance;
  private final boolean failOnImbalance;

  ImbalanceCheck(double maxImbalance, boolean failOnImbalance) {
    this.maxImbalance = maxImbalance;
    this.failOnImbalance = failOnImbalance;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<Finding> findings = new ArrayList<>();
    context
        .manifest()
        .counts()
        .forEach(
            (split, classes) -> {
              if (classes.size() < 2) {
                return;
              }
              var largest = classes.entrySet().stream().max(Map.Entry.comparingByValue()).get();
              var smallest = classes.entrySet().stream().min(Map.Entry.comparingByValue()).get();
              double ratio = (double) largest.getValue() / smallest.getValue();
              if (ratio > maxImbalance) {
                findings.add(finding(split, largest, smallest, ratio));
              }
            });
    return findings;
  }

  private Finding finding(
      String split,
      Map.Entry<String, Integer> largest,
      Map.Entry<String, Integer> smallest,
      double ratio) {
    String message =
        String.format(
            Locale.ROOT,
            "%s: classes are imbalanced: '%s' has %d images, '%s' %d (ratio %.2f > maxImbalance"
                + " %.2f); add images to '%s' or remove some from '%s', or raise maxImbalance",
            split,
            largest.getKey(),
            largest.getValue(),
            smallest.getKey(),
            smallest.getValue(),
            ratio,
            maxImbalance,
            smallest.getKey(),
            largest.getKey());
    return new Finding(ID, failOnImbalance ? Severity.ERROR : Severity.WARNING, message, List.of());
  }
}
