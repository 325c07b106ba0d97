package dev.mlops.core.report;

import dev.mlops.core.Progress;
import java.util.ArrayList;
import java.util.List;

/** Keeps the warnings a page reported. */
final class RecordingProgress implements Progress {
  final List<String> warnings = new ArrayList<>();

  @Override
  public void info(String message) {}

  @Override
  public void warn(String message) {
    warnings.add(message);
  }
}
