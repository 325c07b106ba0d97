package dev.mlops.serving;

import dev.mlops.core.Progress;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the server reports its life: one line per start, reload, failed reload and stop. Under
 * Maven the lines go to the build log (Maven owns the logging binding); the runnable jar writes
 * them as JSON lines with Jackson.
 */
public interface ServerLog extends ModelSlot.Events {
  /** Loader messages (restores, fallbacks to DJL) as {@link Progress}. */
  default Progress progress() {
    ServerLog log = this;
    return new Progress() {
      @Override
      public void info(String message) {
        log.info(message, Map.of("event", "info"));
      }

      @Override
      public void warn(String message) {
        log.warn(message, Map.of("event", "warning"));
      }
    };
  }

  /** Plain messages through {@code progress} (the Maven log). */
  static ServerLog of(Progress progress) {
    return new ServerLog() {
      @Override
      public void info(String message, Map<String, Object> fields) {
        progress.info(message);
      }

      @Override
      public void warn(String message, Map<String, Object> fields) {
        progress.warn(message);
      }

      @Override
      public Progress progress() {
        return progress;
      }
    };
  }

  /** One JSON object per line on {@code out}: time, level, message and the event's fields. */
  static ServerLog jsonLines(PrintStream out) {
    return new ServerLog() {
      @Override
      public void info(String message, Map<String, Object> fields) {
        write("info", message, fields);
      }

      @Override
      public void warn(String message, Map<String, Object> fields) {
        write("warn", message, fields);
      }

      private void write(String level, String message, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        line.putAll(fields);
        try {
          String text = WireJson.mapper().writeValueAsString(line);
          synchronized (out) {
            out.println(text);
            out.flush();
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          out.println(message);
        }
      }
    };
  }
}
