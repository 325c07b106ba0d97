package dev.mlops.maven;

import dev.mlops.core.Progress;
import org.apache.maven.plugin.logging.Log;

/** Maps core progress events onto the Maven log. */
final class MavenProgress implements Progress {
  private final Log log;

  MavenProgress(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }
}
