package dev.mlops.core.feedback;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.version.DatasetCard;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.IngestedFeedback;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.data.version.VersionResult;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.ObjectStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes the feedback log's new records into the dataset as a child version: reads {@code
 * feedback.jsonl}, keeps the records after the last id an earlier version took in (its card's
 * {@code feedback.lastId}), decides a label per image ({@link FeedbackVotes}: majority, each user's
 * latest record once, ties and proposed classes left out), writes new images and moves relabelled
 * ones in the data directory ({@link IngestPlanner}), then versions the data with the latest
 * version as parent and the feedback range in the card.
 *
 * <p>All or nothing: every change is planned before the first file is touched, and a failure before
 * the version is committed undoes the changes made. Nothing new in the log, or nothing that changes
 * a file: no version.
 */
public final class FeedbackIngest {
  private final RegistryRepository registry;
  private final ObjectStore store;
  private final Progress progress;

  /** Works on {@code registry}'s dataset versions, with images and files in {@code store}. */
  public FeedbackIngest(RegistryRepository registry, ObjectStore store, Progress progress) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.store = Objects.requireNonNull(store, "store");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Ingests the records that no version took in yet.
   *
   * @throws InvalidInputException for a bad dataset name, a bad log line, an empty data directory,
   *     or a split the layout cannot take
   */
  public FeedbackIngestResult ingest(FeedbackIngestConfig config) throws MlopsException {
    String name = Names.requireValid(config.dataset(), "dataset");
    if (config.push() && registry.hasRemote(VersionRequest.DEFAULT_REMOTE)) {
      // The last id taken may have been recorded by a version someone else pushed.
      registry.fetch(VersionRequest.DEFAULT_REMOTE);
    }
    DatasetVersions versions = new DatasetVersions(registry, store, progress);
    List<DatasetCard> cards = versions.list(name);
    long previous =
        cards.stream()
            .map(DatasetCard::feedback)
            .filter(Objects::nonNull)
            .mapToLong(IngestedFeedback::lastId)
            .max()
            .orElse(0);
    List<FeedbackRecord> log = FeedbackLog.read(config.feedbackDirectory());
    long lastInLog = log.isEmpty() ? 0 : log.get(log.size() - 1).id();
    List<FeedbackRecord> fresh = log.stream().filter(r -> r.id() > previous).toList();
    if (fresh.isEmpty()) {
      return empty(name, previous, Math.max(previous, lastInLog), 0, null).result(null, false);
    }
    progress.info(
        "Feedback log "
            + config.feedbackDirectory().resolve(FeedbackLog.FILE)
            + ": "
            + fresh.size()
            + " new records after record "
            + previous);
    Manifest before = scan(config);
    warnIfNotLatest(cards, before, config);
    IngestPlanner.Plan plan =
        new IngestPlanner(config, before, store).plan(FeedbackVotes.decide(fresh));
    Outcome outcome = new Outcome(name, previous, lastInLog, fresh.size(), plan);
    if (plan.changes.isEmpty()) {
      return outcome.result(null, false);
    }
    return version(config, versions, outcome);
  }

  /** Applies the plan and versions the data; undoes the files when no version was committed. */
  private FeedbackIngestResult version(
      FeedbackIngestConfig config, DatasetVersions versions, Outcome outcome)
      throws MlopsException {
    IngestPlanner.Plan plan = outcome.plan();
    plan.changes.apply();
    String manifestId = null;
    try {
      Manifest after = scan(config);
      manifestId = after.id();
      VersionResult v =
          versions.version(
              new VersionRequest(
                  outcome.dataset(),
                  after,
                  config.dataDirectory(),
                  Optional.empty(),
                  config.push(),
                  VersionRequest.DEFAULT_REMOTE,
                  outcome.ingested()));
      return outcome.result(v.card(), v.created(), v.pushed());
    } catch (MlopsException | RuntimeException e) {
      String state =
          committed(versions, outcome.dataset(), manifestId)
              ? "the version was committed; the data directory holds its files"
              : plan.changes.undoAndSay();
      String message = "feedback ingestion failed: " + e.getMessage() + "; " + state;
      if (e instanceof InvalidInputException bad) {
        throw new InvalidInputException(message, bad.value(), bad.remedy(), e);
      }
      throw new MlopsException(message, e instanceof MlopsException m ? m.remedy() : null, e);
    }
  }

  /**
   * The new version's parent is the latest version; when the data directory holds something else
   * (an older version checked out, files added by hand), the child holds that content, not the
   * parent's plus the feedback. Worth a warning, not a refusal: adding files by hand is allowed.
   */
  private void warnIfNotLatest(
      List<DatasetCard> cards, Manifest current, FeedbackIngestConfig config) {
    if (cards.isEmpty()) {
      return;
    }
    DatasetCard latest = cards.get(cards.size() - 1);
    if (!latest.manifestId().equals(current.id())) {
      progress.warn(
          "the data directory "
              + config.dataDirectory()
              + " differs from dataset "
              + latest.name()
              + " "
              + latest.versionName()
              + ", the parent of the new version: the new version holds the data directory as it"
              + " is plus the feedback; to build on "
              + latest.versionName()
              + " instead, check it out first");
    }
  }

  /** Whether a version with this manifest exists (a failure after the commit, e.g. a push). */
  private static boolean committed(DatasetVersions versions, String name, String manifestId) {
    if (manifestId == null) {
      return false;
    }
    try {
      return versions.list(name).stream().anyMatch(c -> c.manifestId().equals(manifestId));
    } catch (MlopsException e) {
      return false;
    }
  }

  private Manifest scan(FeedbackIngestConfig config) throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(config.dataDirectory(), config.scanSplit(), config.hashCacheFile()))
        .manifest();
  }

  private static Outcome empty(
      String name, long previous, long last, int records, IngestPlanner.Plan plan) {
    return new Outcome(name, previous, last, records, plan);
  }

  /** The counts of one ingestion, before and after versioning. */
  private record Outcome(
      String dataset, long previous, long lastId, int records, IngestPlanner.Plan plan) {
    IngestedFeedback ingested() {
      return new IngestedFeedback(
          previous + 1,
          lastId,
          records,
          plan.addedPerClass,
          plan.relabelledPerClass,
          plan.unchanged,
          plan.skipped);
    }

    FeedbackIngestResult result(DatasetCard card, boolean created) {
      return result(card, created, false);
    }

    FeedbackIngestResult result(DatasetCard card, boolean created, boolean pushed) {
      boolean none = plan == null;
      return new FeedbackIngestResult(
          dataset,
          previous,
          lastId,
          records,
          none ? List.of() : plan.added,
          none ? List.of() : plan.relabelled,
          none ? 0 : plan.unchanged,
          none ? 0 : plan.proposed,
          none ? List.of() : plan.skipped,
          card,
          created,
          pushed);
    }
  }
}
