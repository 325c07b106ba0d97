package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactDescriptorResult;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;

/**
 * Runs a Spark job of {@code mlops-spark} in a forked JVM. The plugin does not depend on Spark
 * (hundreds of MB, its own SLF4J binding, Jackson and Scala): when a goal runs on Spark, this
 * resolves {@code dev.mlops:mlops-spark} (the plugin's version) and {@code
 * org.apache.spark:spark-sql_2.13} (the version the plugin was built with) through the build's
 * repositories, with mlops-spark's dependency management (one Parquet, Jackson and Hadoop in the
 * job), and starts {@code java <Spark's JVM options> -Xss64m -cp <jars> <job> --master <url>
 * <args>}. The job's standard output becomes build progress; a failed job fails the build with the
 * job's own message. The large stack is for native kernels on Spark's task threads.
 */
final class SparkJobLauncher {
  /** The prefix of a failed job's error line (mlops-spark's {@code JobArgs.ERROR_PREFIX}). */
  static final String ERROR_PREFIX = "mlops-job-error: ";

  /** Exit code of a job whose arguments or input were wrong (mlops-spark's {@code JobArgs}). */
  static final int USAGE_EXIT = 2;

  private static final int KEPT_ERROR_LINES = 20;

  private static final String RUNTIME = "runtime";

  /**
   * Compile and runtime scopes: what a job needs at run time. (Maven does not export the resolver's
   * util classes to plugins, so this is not DependencyFilterUtils.classpathFilter.)
   */
  private static final DependencyFilter RUNTIME_CLASSPATH =
      (node, parents) ->
          node.getDependency() == null
              || Set.of("compile", RUNTIME).contains(node.getDependency().getScope());

  private final RepositorySystem system;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;
  private final Progress progress;
  private final Consumer<String> debug;
  private final Properties settings;

  SparkJobLauncher(
      RepositorySystem system,
      RepositorySystemSession session,
      List<RemoteRepository> repositories,
      Progress progress,
      Consumer<String> debug) {
    this.system = system;
    this.session = session;
    this.repositories = repositories;
    this.progress = progress;
    this.debug = debug;
    this.settings = loadSettings();
  }

  private static Properties loadSettings() {
    Properties properties = new Properties();
    try (InputStream in = SparkJobLauncher.class.getResourceAsStream("spark-job.properties")) {
      properties.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the plugin jar lacks spark-job.properties", e);
    }
    return properties;
  }

  /** The Spark version jobs run with (the one mlops-spark was built and tested with). */
  String sparkVersion() {
    return settings.getProperty("spark.version");
  }

  /**
   * Runs {@code jobClass}'s {@code main} on {@code master} with {@code args} and waits for it.
   *
   * @param jobClass a job of mlops-spark, such as {@code dev.mlops.spark.ScanJob}
   * @param args the job's arguments after {@code --master <url>}
   * @throws InvalidInputException when the job rejects its arguments or input (exit code 2)
   * @throws MlopsException when the job fails, with the job's message
   */
  void run(String master, String jobClass, List<String> args) throws MlopsException {
    String classpath = resolveClasspath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(settings.getProperty("spark.jvm.options").trim().split("\\s+")));
    command.add("-Xss64m");
    command.add("-cp");
    command.add(classpath);
    command.add(jobClass);
    command.add("--master");
    command.add(master);
    command.addAll(args);
    String job = jobClass.substring(jobClass.lastIndexOf('.') + 1);
    progress.info("Running " + job + " on Spark " + sparkVersion() + " (master " + master + ")");
    debug.accept("Spark job command: " + String.join(" ", command));
    run(command, job);
  }

  private void run(List<String> command, String job) throws MlopsException {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new MlopsException("cannot start the Spark job " + job + ": " + e, e);
    }
    ErrorTail errors = new ErrorTail(debug);
    // Standard error (Spark's log) is drained on its own thread so neither pipe fills up.
    Thread stderr = new Thread(() -> pump(process.getErrorStream(), errors), "mlops-spark-stderr");
    stderr.setDaemon(true);
    stderr.start();
    int exit;
    try {
      pump(process.getInputStream(), progress::info);
      exit = process.waitFor();
      stderr.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MlopsException("interrupted while the Spark job " + job + " ran", e);
    } catch (UncheckedIOException e) {
      process.destroyForcibly();
      throw new MlopsException("lost the output of the Spark job " + job + ": " + e, e);
    }
    if (exit == USAGE_EXIT) {
      throw new InvalidInputException(errors.message(job, exit), job);
    }
    if (exit != 0) {
      throw new MlopsException(errors.message(job, exit));
    }
  }

  /** A job's standard error: logged at debug level, its last lines and error line kept. */
  private static final class ErrorTail implements Consumer<String> {
    private final Consumer<String> debug;
    private final Deque<String> last = new ArrayDeque<>();
    private String errorLine;

    ErrorTail(Consumer<String> debug) {
      this.debug = debug;
    }

    @Override
    public synchronized void accept(String line) {
      debug.accept(line);
      if (line.startsWith(ERROR_PREFIX)) {
        // the job writes its message on one line, line breaks escaped (mlops-spark's JobMain)
        errorLine = line.substring(ERROR_PREFIX.length()).replace("\\n", "\n").replace("\\r", "\r");
      }
      last.addLast(line);
      if (last.size() > KEPT_ERROR_LINES) {
        last.removeFirst();
      }
    }

    /** The job's own error message, else its last lines. */
    synchronized String message(String job, int exit) {
      return errorLine != null
          ? errorLine
          : "the Spark job "
              + job
              + " failed (exit code "
              + exit
              + "); its last lines:\n"
              + String.join("\n", last);
    }
  }

  private static void pump(InputStream in, Consumer<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()))) {
      reader.lines().forEach(lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** mlops-spark, Spark SQL and their runtime dependencies, under mlops-spark's pins. */
  private String resolveClasspath() throws MlopsException {
    DefaultArtifact jobs =
        new DefaultArtifact(
            "dev.mlops", "mlops-spark", "jar", settings.getProperty("mlops.version"));
    DefaultArtifact spark =
        new DefaultArtifact("org.apache.spark", "spark-sql_2.13", "jar", sparkVersion());
    try {
      ArtifactDescriptorResult descriptor =
          system.readArtifactDescriptor(
              session, new ArtifactDescriptorRequest(jobs, repositories, "spark-job"));
      CollectRequest collect = new CollectRequest();
      collect.setRepositories(repositories);
      collect.addDependency(new Dependency(jobs, RUNTIME));
      collect.addDependency(new Dependency(spark, RUNTIME));
      // Versions only: a managed scope (provided, test) must not drop a job's dependency.
      descriptor
          .getManagedDependencies()
          .forEach(d -> collect.addManagedDependency(d.setScope("")));
      DependencyRequest request = new DependencyRequest(collect, RUNTIME_CLASSPATH);
      List<ArtifactResult> results =
          system.resolveDependencies(session, request).getArtifactResults();
      return results.stream()
          .map(r -> r.getArtifact().getFile().getAbsolutePath())
          .collect(Collectors.joining(File.pathSeparator));
    } catch (Exception e) {
      throw new MlopsException(
          "cannot resolve the Spark job classpath (dev.mlops:mlops-spark:"
              + jobs.getVersion()
              + " and org.apache.spark:spark-sql_2.13:"
              + sparkVersion()
              + "): "
              + e.getMessage()
              + "; build once online (without -o) so Maven can download them, or install"
              + " mlops-spark",
          e);
    }
  }
}
