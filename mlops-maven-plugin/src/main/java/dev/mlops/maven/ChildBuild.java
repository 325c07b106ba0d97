package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.registry.RetrainDecision;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;

/**
 * The retraining build of {@code watch}: the project's own build in a child Maven process, so that
 * training runs exactly as {@code mvn install} would, in a fresh JVM that ends with the build. It
 * uses this build's local repository, settings, offline mode and {@code -D} properties, so it
 * resolves what this build resolved (offline too).
 */
final class ChildBuild {
  private final MavenSession session;
  private final File pom;
  private final List<String> goals;
  private final Path log;
  private final int timeoutMinutes;
  private final Log mavenLog;

  ChildBuild(
      MavenSession session,
      File pom,
      List<String> goals,
      Path log,
      int timeoutMinutes,
      Log mavenLog) {
    this.session = session;
    this.pom = pom;
    this.goals = goals;
    this.log = log;
    this.timeoutMinutes = timeoutMinutes;
    this.mavenLog = mavenLog;
  }

  /** The arguments after {@code mvn}. */
  List<String> arguments() {
    List<String> args = new ArrayList<>(List.of("-B"));
    if (session != null && session.isOffline()) {
      args.add("-o");
    }
    if (session != null) {
      File settings = session.getRequest().getUserSettingsFile();
      if (settings != null && settings.isFile()) {
        args.addAll(List.of("-s", settings.getAbsolutePath()));
      }
      File global = session.getRequest().getGlobalSettingsFile();
      if (global != null && global.isFile()) {
        args.addAll(List.of("-gs", global.getAbsolutePath()));
      }
      Map<String, String> properties = new TreeMap<>();
      session.getUserProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
      // The watch's own settings mean nothing to the build it starts.
      properties.keySet().removeIf(k -> k.startsWith("mlops.watch."));
      if (session.getLocalRepository() != null) {
        properties.put("maven.repo.local", session.getLocalRepository().getBasedir());
      }
      properties.forEach((k, v) -> args.add("-D" + k + "=" + v));
    }
    args.addAll(List.of("-f", pom.getAbsolutePath()));
    args.addAll(goals);
    return args;
  }

  /** Runs the build; its output goes to the log file. Returns the exit code (-1: timed out). */
  int run(RetrainDecision decision) throws MlopsException {
    List<String> command = new ArrayList<>();
    command.add(mvn());
    command.addAll(arguments());
    mavenLog.info("Retraining: mvn " + String.join(" ", goals) + " (output in " + log + ")");
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .directory(pom.getAbsoluteFile().getParentFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return await(process);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot start the retraining build " + command + ": " + e.getMessage(), e);
    }
  }

  private int await(Process process) throws MlopsException {
    try {
      if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        mavenLog.warn(
            "The retraining build ran longer than "
                + timeoutMinutes
                + " minutes and was stopped; see "
                + log);
        return -1;
      }
      int exit = process.exitValue();
      mavenLog.info("Retraining build ended with exit code " + exit);
      return exit;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MlopsException("the watch was interrupted while the retraining build ran", e);
    }
  }

  /** Maven's launcher of the running installation, else {@code mvn} from the path. */
  private static String mvn() {
    String home = System.getProperty("maven.home");
    if (home != null) {
      Path launcher = Path.of(home, "bin", "mvn");
      if (Files.isExecutable(launcher)) {
        return launcher.toString();
      }
    }
    return "mvn";
  }
}
