package dev.mlops.core.experiment;

import java.util.Objects;

/**
 * What to start.
 *
 * @param model the model whose versions are compared
 * @param name the experiment's name ({@code [a-z0-9][a-z0-9._-]*}), unique per model
 * @param control the control's version or alias ({@code production}, {@code v1})
 * @param treatment the treatment's version or alias
 * @param traffic the treatment's share of users, in (0, 1); default 0.5
 * @param mode split or shadow; default split
 * @param hypothesis free text, or null
 * @param minimumDetectableEffect the smallest absolute correction-rate difference worth detecting,
 *     in (0, 1); default 0.05
 * @param alpha the tests' false-positive rate, in (0, 0.5); default 0.05
 * @param remote the Git remote to fetch from and push to, or null for local only
 */
public record ExperimentStart(
    String model,
    String name,
    String control,
    String treatment,
    double traffic,
    ExperimentMode mode,
    String hypothesis,
    double minimumDetectableEffect,
    double alpha,
    String remote) {
  /** Default treatment share. */
  public static final double DEFAULT_TRAFFIC = 0.5;

  /** Default minimum detectable effect: 5 points of correction rate. */
  public static final double DEFAULT_MDE = 0.05;

  /** Default false-positive rate. */
  public static final double DEFAULT_ALPHA = 0.05;

  /** Checks that nothing required is missing. */
  public ExperimentStart {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(treatment, "treatment");
    mode = mode == null ? ExperimentMode.SPLIT : mode;
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ExperimentStart}: {@code set*} are required, {@code opt*} have defaults. */
  public static final class Builder {
    private String model;
    private String name;
    private String control;
    private String treatment;
    private double traffic = DEFAULT_TRAFFIC;
    private ExperimentMode mode = ExperimentMode.SPLIT;
    private String hypothesis;
    private double mde = DEFAULT_MDE;
    private double alpha = DEFAULT_ALPHA;
    private String remote;

    private Builder() {}

    /** Sets the model and the experiment's name. */
    public Builder setExperiment(String modelName, String experimentName) {
      model = modelName;
      name = experimentName;
      return this;
    }

    /** Sets the control and treatment (versions or aliases). */
    public Builder setVariants(String controlRef, String treatmentRef) {
      control = controlRef;
      treatment = treatmentRef;
      return this;
    }

    /** Sets {@link ExperimentStart#traffic()} unless null. */
    public Builder optTraffic(Double value) {
      traffic = value == null ? traffic : value;
      return this;
    }

    /** Sets {@link ExperimentStart#mode()} unless null. */
    public Builder optMode(ExperimentMode value) {
      mode = value == null ? mode : value;
      return this;
    }

    /** Sets {@link ExperimentStart#hypothesis()}. */
    public Builder optHypothesis(String value) {
      hypothesis = value;
      return this;
    }

    /** Sets {@link ExperimentStart#minimumDetectableEffect()} unless null. */
    public Builder optMinimumDetectableEffect(Double value) {
      mde = value == null ? mde : value;
      return this;
    }

    /** Sets {@link ExperimentStart#alpha()} unless null. */
    public Builder optAlpha(Double value) {
      alpha = value == null ? alpha : value;
      return this;
    }

    /** Shares the commit through {@code remoteName} (null: local only). */
    public Builder optRemote(String remoteName) {
      remote = remoteName;
      return this;
    }

    /** Builds the request. */
    public ExperimentStart build() {
      return new ExperimentStart(
          model, name, control, treatment, traffic, mode, hypothesis, mde, alpha, remote);
    }
  }
}
