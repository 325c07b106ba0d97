package dev.mlops.core.registry;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.eval.EvaluationRequest;
import dev.mlops.core.eval.ModelEvaluator;
import java.nio.file.Path;

/**
 * The champion gate's re-evaluation policy: a version's recorded metrics count when it was
 * evaluated on the dataset the project has now (same manifest); otherwise it is restored from the
 * store and evaluated again on the current test split, so holder and candidate are compared on the
 * same data. A comparison on different data would reward whichever was tested on easier images.
 */
final class CurrentDataMetrics implements MetricsSource {
  private final ModelRegistry registry;
  private final Reevaluation data;
  private final Progress progress;

  CurrentDataMetrics(ModelRegistry registry, Reevaluation data, Progress progress) {
    this.registry = registry;
    this.data = data;
    this.progress = progress;
  }

  @Override
  public EvaluationMetrics metrics(ModelVersionCard card) throws MlopsException {
    if (card.metrics() != null && data.manifest().id().equals(card.dataset().manifestId())) {
      return card.metrics();
    }
    progress.info(
        "Evaluating "
            + card.versionName()
            + " again on the current test split (it was evaluated on other data)");
    Path modelDir = registry.restore(card, data.cacheDirectory());
    Path out =
        data.cacheDirectory().resolve(card.name()).resolve(card.versionName() + "-evaluation.json");
    return new ModelEvaluator(progress)
        .evaluate(
            EvaluationRequest.builder()
                .setModelDirectory(modelDir)
                .setData(data.dataDirectory(), data.manifest())
                .setOutputFile(out)
                .optBatchSize(data.batchSize())
                .optWorkers(data.workers())
                .build())
        .metrics();
  }
}
