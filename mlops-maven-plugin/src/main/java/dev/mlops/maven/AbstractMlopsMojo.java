package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.store.ObjectStore;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.component.repository.exception.ComponentLookupException;
import org.eclipse.aether.RepositorySystem;

/**
 * The frame of every mlops goal: a final {@link #execute()} that refuses renamed properties, checks
 * skip flags, runs the goal and translates core exceptions. Bad input (data, configuration, names,
 * versions) is a BUILD FAILURE ({@link MojoFailureException}); a step that could not run (I/O, Git)
 * is a BUILD ERROR ({@link MojoExecutionException}). Core messages name settings by key and fixes
 * by stage; the translation adds this goal's POM element, property and command ({@link Remedies}).
 */
public abstract class AbstractMlopsMojo extends AbstractMojo {
  /** The project being built. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** The build session, for the user properties given with {@code -D}. */
  @Parameter(defaultValue = "${session}", readonly = true)
  private MavenSession session;

  /**
   * Skips every mlops goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.skip", defaultValue = "false")
  private boolean skip;

  /**
   * The image data directory: {@code <split>/<class>/<file>} with splits {@code train}, {@code
   * val}, {@code test}, or {@code <class>/<file>} (split by {@code splitFractions}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.dataDirectory", defaultValue = "${project.basedir}/data")
  protected File dataDirectory;

  /**
   * The dataset's name in the registry ({@code [a-z0-9][a-z0-9._-]*}).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.dataset", defaultValue = "${project.artifactId}")
  protected String dataset;

  /**
   * The content-addressed store holding every versioned file; any shared directory works as a team
   * store. Default: {@code .mlops/store} in the user's home directory.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.store")
  protected File store;

  /**
   * For a {@code <class>/<file>} layout: the train, val and test fractions of each class.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.splitFractions", defaultValue = "0.8,0.1,0.1")
  protected String splitFractions;

  /**
   * For a {@code <class>/<file>} layout: the seed of the stratified split.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.splitSeed", defaultValue = "42")
  protected long splitSeed;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    refuseRenamedProperties();
    if (skip) {
      getLog().info("Skipping " + goal() + ": mlops.skip is true");
      return;
    }
    String goalSkip = goalSkipReason();
    if (goalSkip != null) {
      getLog().info("Skipping " + goal() + ": " + goalSkip);
      return;
    }
    try {
      run(new MavenProgress(getLog()));
    } catch (InvalidInputException e) {
      throw new MojoFailureException(e.getMessage() + Remedies.render(goal(), e.remedy()), e);
    } catch (MlopsException e) {
      throw new MojoExecutionException(e.getMessage() + Remedies.render(goal(), e.remedy()), e);
    }
  }

  /** Fails when a property of an earlier plugin version is set: Maven would ignore it silently. */
  private void refuseRenamedProperties() throws MojoFailureException {
    List<String> used =
        RenamedProperties.used(
            session == null ? new Properties() : session.getUserProperties(),
            project == null ? new Properties() : project.getProperties());
    if (!used.isEmpty()) {
      throw new MojoFailureException(
          "renamed properties are set, and this plugin no longer reads them: "
              + String.join("; ", used)
              + " (goal-specific properties are mlops.<goal>.<param> with the goal's full name)");
    }
  }

  /** Does the goal's work. */
  protected abstract void run(Progress progress)
      throws MlopsException, MojoExecutionException, MojoFailureException;

  /** The goal's name, for log lines. */
  protected abstract String goal();

  /** Why this goal is skipped by its own skip flag, or null to run. */
  protected String goalSkipReason() {
    return null;
  }

  /**
   * The reason for a skip by the goal's {@code mlops.<goal>.skip} when {@code skipped}, or null.
   */
  protected String skippedBy(boolean skipped) {
    return skipped ? "mlops." + goal() + ".skip is true" : null;
  }

  /**
   * Whether a goal's data work runs on Spark: its {@code sparkMaster} parameter (property {@code
   * mlops.spark.master}, declared by each goal that can run on Spark) is set.
   */
  protected static boolean onSpark(String sparkMaster) {
    return sparkMaster != null && !sparkMaster.isBlank();
  }

  /**
   * Runs mlops-spark jobs in a forked JVM, resolving them through this build's repositories: {@code
   * sparkJobs(progress).run(sparkMaster, "dev.mlops.spark.<Job>", List.of("--key", "value", ...))}.
   */
  protected SparkJobLauncher sparkJobs(Progress progress) throws MojoExecutionException {
    try {
      // Looked up on use: goals that never run on Spark need no resolver.
      RepositorySystem system = session.getContainer().lookup(RepositorySystem.class);
      return new SparkJobLauncher(
          system,
          session.getRepositorySession(),
          project.getRemoteProjectRepositories(),
          progress,
          getLog()::debug);
    } catch (ComponentLookupException e) {
      throw new MojoExecutionException("cannot find Maven's repository system: " + e, e);
    }
  }

  /** The object store configured for this build. */
  protected ObjectStore objectStore() {
    return new ObjectStore(store == null ? ObjectStore.defaultRoot() : store.toPath());
  }

  /** The split of a class-folder layout. */
  protected SplitPolicy splitPolicy() throws InvalidInputException {
    return SplitPolicy.parse(splitFractions, splitSeed);
  }

  /** Where file hashes are remembered between builds. */
  protected Path hashCacheFile() {
    return Path.of(project.getBuild().getDirectory(), "mlops", "hash-cache.tsv");
  }

  /** The project's base directory. */
  protected Path basedir() {
    return project.getBasedir().toPath();
  }
}
