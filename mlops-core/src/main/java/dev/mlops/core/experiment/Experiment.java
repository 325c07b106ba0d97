package dev.mlops.core.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * An experiment as committed on the registry branch in {@code experiments/<model>/<name>.json}.
 * Started once, stopped once; both are commits, so {@code git log} says who changed what and when.
 *
 * @param name the experiment's name, unique per model; it also seeds the user assignment
 * @param model the model both variants are versions of
 * @param status {@code running} or {@code stopped}
 * @param mode split traffic between the variants, or shadow (control answers, treatment scores)
 * @param traffic the share of users (buckets) that get the treatment, in (0, 1)
 * @param control the variant everyone had before
 * @param treatment the variant under test
 * @param hypothesis what the treatment is expected to do, free text, or null
 * @param primaryMetric the decision metric; {@code correction_rate} (corrections per prediction,
 *     per user)
 * @param minimumDetectableEffect the smallest absolute difference of the primary metric worth
 *     detecting, in (0, 1)
 * @param alpha the false-positive rate the tests are held to, in (0, 0.5)
 * @param startedAt when it started, ISO-8601 UTC
 * @param startedBy who started it (the registry's commit identity)
 * @param stoppedAt when it stopped, or null while it runs
 * @param stoppedBy who stopped it, or null
 * @param verdict the analysis verdict at stop, or null
 * @param promoted the version promoted at stop ({@code v<N>}), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experiment(
    String name,
    String model,
    String status,
    ExperimentMode mode,
    double traffic,
    Variant control,
    Variant treatment,
    String hypothesis,
    String primaryMetric,
    double minimumDetectableEffect,
    double alpha,
    String startedAt,
    String startedBy,
    String stoppedAt,
    String stoppedBy,
    String verdict,
    String promoted) {
  /** The status of an experiment that routes traffic. */
  public static final String RUNNING = "running";

  /** The status of a finished experiment. */
  public static final String STOPPED = "stopped";

  /** The only primary metric so far. */
  public static final String CORRECTION_RATE = "correction_rate";

  /** Checks the fields every record has. */
  public Experiment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(treatment, "treatment");
    mode = mode == null ? ExperimentMode.SPLIT : mode;
    primaryMetric = primaryMetric == null ? CORRECTION_RATE : primaryMetric;
  }

  /** Whether it routes traffic now. */
  @JsonIgnore
  public boolean running() {
    return RUNNING.equals(status);
  }

  /** The variant named {@code control} or {@code treatment}. */
  public Variant variant(String arm) {
    return Assignment.TREATMENT.equals(arm) ? treatment : control;
  }

  /** This experiment, stopped. */
  public Experiment stopped(String at, String by, String verdict, String promoted) {
    return new Experiment(
        name,
        model,
        STOPPED,
        mode,
        traffic,
        control,
        treatment,
        hypothesis,
        primaryMetric,
        minimumDetectableEffect,
        alpha,
        startedAt,
        startedBy,
        at,
        by,
        verdict,
        promoted);
  }
}
