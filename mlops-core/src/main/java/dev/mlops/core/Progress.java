package dev.mlops.core;

/**
 * Lifecycle events from a core stage (file counts, version created, epoch ended). The Maven plugin
 * maps them onto its log; library users may print them or ignore them. Stages report per stage or
 * per batch, never per file.
 */
public interface Progress {
  /** A progress sink that drops everything. */
  Progress NONE =
      new Progress() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };

  /** Reports a normal event. */
  void info(String message);

  /** Reports something the user should look at that does not stop the stage. */
  void warn(String message);
}
