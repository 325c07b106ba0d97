package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.feedback.FeedbackIngest;
import dev.mlops.core.feedback.FeedbackIngestConfig;
import dev.mlops.core.git.RegistryRepository;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Takes the feedback that {@code serve} recorded into the dataset: the records of {@code
 * feedback.jsonl} after the last one an earlier version took in become images in the data directory
 * ({@code train/<label>/fb-<sha12>.<ext>}) or moves of images already there under another label,
 * and the result is versioned as a child of the latest dataset version, with {@code source:
 * feedback} and the record range in its card. Several records about one image: the majority label,
 * each user's latest record once; ties and proposed new classes are listed and left out, as are
 * copies of test images. No new feedback: nothing is created.
 */
@Mojo(name = "ingest-feedback", threadSafe = true, requiresProject = true)
public final class IngestFeedbackMojo extends AbstractDatasetMojo {
  /**
   * Skips this goal.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.ingest-feedback.skip", defaultValue = "false")
  private boolean skipIngestFeedback;

  /**
   * The directory of the feedback log {@code feedback.jsonl}, the same for {@code serve}, which
   * writes it, and {@code ingest-feedback}, which reads it.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.feedback.directory", defaultValue = "${project.basedir}/feedback")
  private File feedbackDirectory;

  /**
   * The share of new images for train, val and test, e.g. {@code 0.8,0.1,0.1} (each image's split
   * is drawn from its hash and {@code seed}); empty: every new image goes to train.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.ingest-feedback.split")
  private String split;

  /**
   * The seed of that share. Default 42.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.ingest-feedback.seed")
  private Long seed;

  /**
   * The largest perceptual-hash distance (0-16) at which a new image counts as a copy of a test
   * image and is left out. Default 4, as {@code validate-data}'s.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.ingest-feedback.nearDuplicateDistance")
  private Integer nearDuplicateDistance;

  @Override
  protected String goal() {
    return "ingest-feedback";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipIngestFeedback);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    FeedbackIngestConfig config =
        FeedbackIngestConfig.builder()
            .setFeedbackDirectory(feedbackDirectory.toPath())
            .setDataDirectory(dataDirectory.toPath())
            .setDataset(datasetName())
            .optScanSplit(splitPolicy())
            .optSplit(split)
            .optSeed(seed)
            .optNearDuplicateDistance(nearDuplicateDistance)
            .optPush(push)
            .optHashCacheFile(hashCacheFile())
            .build();
    try (RegistryRepository repo = RegistryRepository.open(basedir())) {
      new FeedbackIngest(repo, objectStore(), progress)
          .ingest(config)
          .summaryLines()
          .forEach(getLog()::info);
    }
  }
}
