package dev.mlops.maven;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.plugin.logging.SystemStreamLog;

/**
 * A Maven log that also keeps every line, prefixed with its level, for assertions; thread-safe (a
 * goal may log from its own and a server's threads).
 */
final class CapturingLog extends SystemStreamLog {
  final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void info(CharSequence content) {
    lines.add("[INFO] " + content);
    super.info(content);
  }

  @Override
  public void warn(CharSequence content) {
    lines.add("[WARNING] " + content);
    super.warn(content);
  }

  @Override
  public void error(CharSequence content) {
    lines.add("[ERROR] " + content);
    super.error(content);
  }
}
