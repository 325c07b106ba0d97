package dev.mlops.core.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable feedback log: {@code feedback.jsonl}, one JSON record per line, appended and fsynced
 * before a record is acknowledged. An append-only text file rather than SQLite: ingestion and
 * people read it with nothing but a JSON parser, and a crash can only tear the line being written.
 * Opening the log for writing cuts such a torn last line (a record that was never acknowledged);
 * every earlier line is untouched. One writer per directory (the server), any number of readers.
 */
public final class FeedbackLog implements AutoCloseable {
  /** The log's file name in its directory. */
  public static final String FILE = "feedback.jsonl";

  private final Path file;
  private final FileChannel channel;
  private long lastId;

  private FeedbackLog(Path file, FileChannel channel, long lastId) {
    this.file = file;
    this.channel = channel;
    this.lastId = lastId;
  }

  /**
   * Opens (creating) the log in {@code directory} for appending, after cutting a torn last line.
   *
   * @throws MlopsException when the directory cannot be written or a complete line is not a record
   */
  public static FeedbackLog openForAppend(Path directory) throws MlopsException {
    Path file = directory.resolve(FILE);
    try {
      Files.createDirectories(directory);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        long complete = completeLength(file);
        if (complete < channel.size()) {
          channel.truncate(complete);
          channel.force(true);
        }
        List<FeedbackRecord> records = read(directory);
        long last = records.isEmpty() ? 0 : records.get(records.size() - 1).id();
        channel.position(channel.size());
        return new FeedbackLog(file, channel, last);
      } catch (IOException | MlopsException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new MlopsException(
          "cannot open the feedback log "
              + file
              + ": "
              + e.getMessage()
              + "; check that the feedback directory is writable",
          e);
    }
  }

  /**
   * Numbers {@code record}, appends it as one line and forces it to disk; returns it as stored.
   * Only then may the caller acknowledge it.
   */
  public synchronized FeedbackRecord append(FeedbackRecord record) throws MlopsException {
    FeedbackRecord numbered = record.numbered(lastId + 1, Instant.now().toString());
    byte[] line;
    try {
      line = (Json.mapper().writeValueAsString(numbered) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new MlopsException("cannot write feedback record: " + e.getMessage(), e);
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot append to the feedback log " + file + ": " + e.getMessage(), e);
    }
    lastId = numbered.id();
    return numbered;
  }

  /** The id of the last record, 0 for an empty log. */
  public synchronized long lastId() {
    return lastId;
  }

  /**
   * Every complete record in {@code directory}'s log, in order; none when there is no log. A torn
   * last line (a crash while writing it) is left out.
   *
   * @throws InvalidInputException naming the file and line when a complete line is not a record
   */
  public static List<FeedbackRecord> read(Path directory) throws MlopsException {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MlopsException("cannot read the feedback log " + file + ": " + e.getMessage(), e);
    }
    List<FeedbackRecord> records = new ArrayList<>();
    int start = 0;
    int lineNumber = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      lineNumber++;
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
      start = i + 1;
      if (line.isBlank()) {
        continue;
      }
      try {
        records.add(Json.mapper().readValue(line, FeedbackRecord.class));
      } catch (IOException | RuntimeException e) {
        throw new InvalidInputException(
            file
                + ":"
                + lineNumber
                + " is not a feedback record ("
                + e.getMessage()
                + "); the log was edited by hand: restore that line or move the file away",
            file + ":" + lineNumber,
            e);
      }
    }
    return records;
  }

  /** Bytes up to and including the last newline: the complete lines. */
  private static long completeLength(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    return end;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Every acknowledged record was forced to disk already.
    }
  }
}
