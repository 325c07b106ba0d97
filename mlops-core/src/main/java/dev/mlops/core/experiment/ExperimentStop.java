package dev.mlops.core.experiment;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.PromoteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Ends an experiment: analyses its logs one last time, promotes the treatment through the champion
 * gate when asked and the analysis says it is better, then commits the stop with the verdict. The
 * promotion comes first: when the gate refuses, the experiment keeps running, so nothing is
 * recorded as concluded that was not.
 */
public final class ExperimentStop {
  private static final Pattern VERSION = Pattern.compile("v?[0-9]+");

  /**
   * What to stop.
   *
   * @param model the model
   * @param name the running experiment
   * @param report where the logs are and where the report goes (its experiment is ignored)
   * @param promote whether to promote the treatment when it wins
   * @param alias the alias to move, or null for the control's when the control was given as an
   *     alias
   * @param gate the champion gate the promotion passes
   * @param remote the Git remote to fetch from and push to, or null for local only
   */
  public record Request(
      String model,
      String name,
      ExperimentReportRequest.Builder report,
      boolean promote,
      String alias,
      ChampionGate gate,
      String remote) {
    /** Checks that nothing required is missing. */
    public Request {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(gate, "gate");
    }
  }

  /**
   * What stopping did.
   *
   * @param experiment the stopped experiment
   * @param report the final analysis
   * @param promotion the promotion, or null when none was made
   */
  public record Result(
      Experiment experiment, ExperimentReportResult report, PromoteResult promotion) {
    /** Lines for the build log. */
    public List<String> summaryLines() {
      List<String> lines = new ArrayList<>(report.summaryLines());
      if (promotion != null) {
        lines.addAll(promotion.summaryLines());
      }
      lines.add(
          "Stopped experiment "
              + experiment.name()
              + " of model "
              + experiment.model()
              + ": "
              + experiment.verdict()
              + (experiment.promoted() == null ? "" : "; promoted " + experiment.promoted()));
      return lines;
    }
  }

  private final ExperimentRegistry experiments;
  private final ModelRegistry models;
  private final Progress progress;

  /** Stops experiments of {@code experiments}, promoting through {@code models}. */
  public ExperimentStop(ExperimentRegistry experiments, ModelRegistry models, Progress progress) {
    this.experiments = experiments;
    this.models = models;
    this.progress = progress;
  }

  /**
   * Analyses, promotes the winner when asked, and stops.
   *
   * @throws InvalidInputException when the experiment is not running, or the champion gate refuses
   *     the promotion (the experiment then keeps running)
   */
  public Result stop(Request request) throws MlopsException {
    Experiment experiment = experiments.get(request.model(), request.name());
    if (!experiment.running()) {
      throw new InvalidInputException(
          "experiment '" + request.name() + "' already stopped at " + experiment.stoppedAt(),
          request.name(),
          Remedy.setting("experiment"));
    }
    ExperimentReportResult report =
        new ExperimentReport(progress).analyze(request.report().setExperiment(experiment).build());
    PromoteResult promotion = null;
    if (request.promote()) {
      promotion = promote(experiment, report.verdict(), request);
    }
    String promoted = promotion == null ? null : "v" + promotion.to();
    Experiment stopped =
        experiments.stop(
            request.model(), request.name(), report.verdictText(), promoted, request.remote());
    return new Result(stopped, report, promotion);
  }

  private PromoteResult promote(Experiment experiment, Verdict verdict, Request request)
      throws MlopsException {
    if (verdict != Verdict.TREATMENT_BETTER) {
      progress.info(
          "Not promoting: the verdict is '"
              + verdict.label()
              + "'; "
              + experiment.control().versionName()
              + " keeps its alias");
      return null;
    }
    String alias = alias(experiment, request.alias());
    return models.promote(
        experiment.model(),
        alias,
        experiment.treatment().versionName(),
        request.gate(),
        false,
        request.remote());
  }

  private static String alias(Experiment experiment, String given) throws InvalidInputException {
    if (given != null) {
      return given;
    }
    String ref = experiment.control().ref();
    if (!VERSION.matcher(ref).matches()) {
      return ref;
    }
    throw new InvalidInputException(
        "the control was given as version "
            + ref
            + ", not as an alias, so there is no alias to promote the treatment to; say which"
            + " alias to move",
        ref,
        Remedy.setting("alias"));
  }
}
