package dev.mlops.benchmarks;

import dev.mlops.core.drift.DriftConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Detection: how often checks of transformed held-back images report drift. Power curves over the
 * strengths of a brightness change and of a blur, and the detection table's fixed transforms plus
 * letters.
 */
final class DriftPower {
  private DriftPower() {}

  /**
   * One strength of a power curve.
   *
   * @param family "brightness" or "blur"
   * @param strength the factor or sigma
   * @param tally the checks
   */
  record Point(String family, double strength, FalseAlarms.Tally tally) {}

  /** Every transform a replicate reads its pool through. */
  static List<DriftImages.Transform> transforms() {
    List<DriftImages.Transform> all = new ArrayList<>(DriftImages.detection());
    for (double f : DriftImages.BRIGHTNESS) {
      all.add(DriftImages.brightness(f));
    }
    for (double s : DriftImages.BLUR) {
      all.add(DriftImages.blur(s));
    }
    return all;
  }

  /** Both curves at {@code n} incoming images. */
  static List<Point> curves(List<DriftReplicate> reps, int n, int draws, DriftConfig config) {
    List<Point> out = new ArrayList<>();
    for (double f : DriftImages.BRIGHTNESS) {
      String name = DriftImages.brightness(f).name();
      out.add(new Point("brightness", f, FalseAlarms.run(reps, regime(name), n, draws, config)));
    }
    for (double s : DriftImages.BLUR) {
      String name = DriftImages.blur(s).name();
      out.add(new Point("blur", s, FalseAlarms.run(reps, regime(name), n, draws, config)));
    }
    return out;
  }

  /** The detection table's transforms and the letters at {@code n} incoming images. */
  static List<FalseAlarms.Tally> detection(
      List<DriftReplicate> reps, int n, int draws, DriftConfig config) {
    List<FalseAlarms.Tally> out = new ArrayList<>();
    for (DriftImages.Transform t : DriftImages.detection()) {
      FalseAlarms.Regime r = regime(t.name());
      out.add(
          FalseAlarms.run(
              reps,
              new FalseAlarms.Regime(t.name(), t.description(), r.incoming(), r.baseline(), true),
              n,
              draws,
              config));
    }
    FalseAlarms.Regime letters = FalseAlarms.transformed("letters");
    out.add(
        FalseAlarms.run(
            reps,
            new FalseAlarms.Regime(
                "letters",
                "another dataset: letters A-J, 48x48 RGB, coloured backgrounds (unlabeled)",
                letters.incoming(),
                letters.baseline(),
                false),
            n,
            draws,
            config));
    return out;
  }

  private static FalseAlarms.Regime regime(String name) {
    return FalseAlarms.transformed(name);
  }
}
