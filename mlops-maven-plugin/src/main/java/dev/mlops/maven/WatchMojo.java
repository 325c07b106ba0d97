package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.feedback.FeedbackIngestConfig;
import dev.mlops.core.feedback.FeedbackWatch;
import dev.mlops.core.feedback.WatchConfig;
import dev.mlops.core.feedback.WatchCycle;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The feedback loop for a machine without CI, until Ctrl-C (or {@code maxCycles}): every {@code
 * intervalSeconds} it runs {@code ingest-feedback}, then {@code retrain-check}; when retraining is
 * due it runs the project's build ({@code mvn -B install}) as a child Maven process with this
 * build's local repository, settings, offline mode and {@code -D} properties, and with {@code
 * -Dmlops.watch.promote=true} promotes the version trained on the newest data to {@code alias} when
 * the champion gate lets it. Each cycle's outcome is one JSON line in {@code
 * target/mlops/watch.jsonl}; the child build's output goes to {@code target/mlops/watch-build.log}.
 */
@Mojo(name = "watch", threadSafe = true, requiresProject = true)
public final class WatchMojo extends AbstractRegistryMojo {
  /**
   * Skips this goal.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.skip", defaultValue = "false")
  private boolean skipWatch;

  /** The build session: local repository, settings, offline mode and properties of the child. */
  @Parameter(defaultValue = "${session}", readonly = true)
  private MavenSession mavenSession;

  /**
   * The directory of the feedback log {@code feedback.jsonl} (as for {@code serve} and {@code
   * ingest-feedback}).
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.feedback.directory", defaultValue = "${project.basedir}/feedback")
  private File feedbackDirectory;

  /**
   * The share of new feedback images for train, val and test, as {@code ingest-feedback}'s {@code
   * <split>}; empty: all to train.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.split")
  private String split;

  /**
   * The seed of that share. Default 42.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.seed")
  private Long seed;

  /**
   * The alias whose model is kept current, and promoted to.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.alias", defaultValue = "production")
  private String alias;

  /**
   * Promotes a retrained version that passes the champion gate to {@code alias}.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.promote", defaultValue = "false")
  private boolean promote;

  /**
   * The champion gate: the largest accuracy drop against the alias's holder, in [0,1].
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.maxRegression", defaultValue = "0")
  private double maxRegression;

  /**
   * Cycles to run before the goal ends; 0: until Ctrl-C.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.maxCycles", defaultValue = "0")
  private int maxCycles;

  /**
   * Seconds between cycles.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.intervalSeconds", defaultValue = "300")
  private long intervalSeconds;

  /**
   * The goals and options of the retraining build, separated by spaces.
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.goals", defaultValue = "install")
  private String goals;

  /**
   * The longest a retraining build may run, in minutes; it is stopped after that (exit code -1).
   *
   * @since 0.2.0
   */
  @Parameter(property = "mlops.watch.buildTimeoutMinutes", defaultValue = "120")
  private int buildTimeoutMinutes;

  /**
   * Where each cycle's outcome is appended as one JSON line.
   *
   * @since 0.2.0
   */
  @Parameter(
      property = "mlops.watch.output",
      defaultValue = "${project.build.directory}/mlops/watch.jsonl")
  private File output;

  @Override
  protected String goal() {
    return "watch";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipWatch);
  }

  @Override
  protected void run(Progress progress) throws MlopsException {
    Path mlops = Path.of(project.getBuild().getDirectory(), "mlops");
    WatchConfig config =
        WatchConfig.builder()
            .setIngest(ingestConfig())
            .setModel(modelName())
            .optAlias(alias)
            .optPromote(promote)
            .optMaxRegression(maxRegression)
            .optMaxCycles(maxCycles)
            .optIntervalSeconds(intervalSeconds)
            .setOutput(output.toPath())
            .setCacheDirectory(mlops.resolve("registry-cache"))
            .build();
    ChildBuild build =
        new ChildBuild(
            mavenSession,
            project.getFile(),
            List.of(goals.trim().split("\\s+")),
            mlops.resolve("watch-build.log"),
            buildTimeoutMinutes,
            getLog());
    getLog()
        .info(
            "Watching feedback in "
                + feedbackDirectory
                + " every "
                + intervalSeconds
                + " s"
                + (maxCycles > 0 ? " for " + maxCycles + " cycles" : " until Ctrl-C")
                + "; retraining with mvn "
                + String.join(" ", build.arguments())
                + (promote ? ", promoting to " + alias : ", without promoting"));
    List<WatchCycle> cycles =
        new FeedbackWatch(basedir(), objectStore(), progress).run(config, build::run);
    getLog().info("Watch ended after " + cycles.size() + " cycles (outcomes in " + output + ")");
  }

  private FeedbackIngestConfig ingestConfig() throws MlopsException {
    return FeedbackIngestConfig.builder()
        .setFeedbackDirectory(feedbackDirectory.toPath())
        .setDataDirectory(dataDirectory.toPath())
        .setDataset(datasetName())
        .optScanSplit(splitPolicy())
        .optSplit(split)
        .optSeed(seed)
        .optPush(push)
        .optHashCacheFile(hashCacheFile())
        .build();
  }
}
