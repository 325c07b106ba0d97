package dev.mlops.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON line per prediction in {@code <dir>/predictions.jsonl}, rotated by size: when the file
 * passes {@code maxBytes} it is renamed to {@code predictions-<UTC time>.jsonl} and a new one
 * starts, so {@code drift-check -Dmlops.served=<dir>} reads every file whose name starts with
 * {@code predictions}. Lines are written whole (one lock), so a reader never sees half a line
 * except at the very end of the current file while a write is in progress.
 */
final class PredictionLog implements AutoCloseable {
  /** The current log file's name. */
  static final String FILE = "predictions.jsonl";

  private static final DateTimeFormatter ROTATED =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final long maxBytes;
  private final ObjectMapper mapper = WireJson.mapper();
  private BufferedWriter out;
  private long size;

  PredictionLog(Path dir, long maxBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    open();
  }

  private void open() throws IOException {
    Path file = dir.resolve(FILE);
    size = Files.exists(file) ? Files.size(file) : 0;
    out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Appends one line per record (each a JSON object) and flushes. */
  synchronized void write(Iterable<Map<String, Object>> records) {
    try {
      for (Map<String, Object> record : records) {
        String line = mapper.writeValueAsString(record);
        out.write(line);
        out.write('\n');
        size += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
      out.flush();
      if (size >= maxBytes) {
        rotate();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the prediction log in " + dir, e);
    }
  }

  private void rotate() throws IOException {
    out.close();
    Path rotated = dir.resolve("predictions-" + ROTATED.format(Instant.now()) + ".jsonl");
    for (int i = 1; Files.exists(rotated); i++) {
      rotated = dir.resolve("predictions-" + ROTATED.format(Instant.now()) + "-" + i + ".jsonl");
    }
    Files.move(dir.resolve(FILE), rotated, StandardCopyOption.ATOMIC_MOVE);
    open();
  }

  /** The directory of the log. */
  Path directory() {
    return dir;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
