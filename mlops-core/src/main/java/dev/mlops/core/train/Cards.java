package dev.mlops.core.train;

import java.time.Instant;

/** Builds the {@link ModelCard} of a finished run. */
final class Cards {
  private Cards() {}

  static ModelCard of(
      TrainingRequest request,
      TrainingPlan plan,
      TrainingRun.Outcome outcome,
      TrainingStatus status,
      Instant startedAt,
      double seconds) {
    TrainingConfig config = request.config();
    TrainingHistory history = outcome.history();
    EpochStats best = history.best();
    double trainingSeconds = history.epochs().stream().mapToDouble(EpochStats::seconds).sum();
    return new ModelCard(
        plan.graph().architecture(),
        plan.graph().channels(),
        plan.graph().inputSize(),
        outcome.parameterCount(),
        plan.data().labels(),
        Hyperparameters.of(config),
        config.seed(),
        config.threads(),
        config.augmentation(),
        plan.fingerprint().value(),
        request.manifest().id(),
        plan.data().validation(),
        plan.data().train().size(),
        plan.data().val().size(),
        plan.fingerprint().inputs().initFromSha256(),
        plan.imported() == null ? null : plan.imported().origin(),
        best.epoch(),
        history.epochs().size(),
        best.valAccuracy(),
        best.valLoss(),
        status,
        startedAt.toString(),
        Instant.now().toString(),
        seconds,
        trainingSeconds,
        request.coreVersion(),
        request.engineVersion());
  }
}
