package dev.mlops.core.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images a prediction server kept, as a directory of incoming images for a drift check. The
 * server writes one JSON line per served image to {@code predictions.jsonl} in its log directory
 * (rotated to {@code predictions-<time>.jsonl}); a line with {@code "stored": true} says the image
 * bytes went to the object store under their SHA-256 ({@code imageSha256}). This reads every {@code
 * predictions*.jsonl} there, and restores each stored image once (hash-verified) into a fresh, flat
 * directory as {@code <sha256>.<ext>}, the extension read from the bytes' magic number: the drift
 * check then sees them as unlabeled incoming images.
 *
 * <p>A line that is not a prediction record (a server killed in the middle of a write leaves half a
 * line at the end of its file) is skipped and reported with its file and line number, so one torn
 * line does not stop the check. An image the log says was stored but the store lacks stops it: a
 * check of part of the served images would silently check other data than the server saw.
 */
public final class ServedImages {
  /** Log files are {@code predictions.jsonl} and its rotated {@code predictions-<time>.jsonl}. */
  public static final String LOG_GLOB = "predictions*.jsonl";

  /** Report at most this many skipped lines one by one; the rest as a count. */
  static final int MAX_REPORTED = 10;

  private static final String RESTORED_NAME = "[0-9a-f]{64}\\.(png|jpg|bmp|gif)";

  private final Progress progress;

  /** Restores images, reporting skipped lines and the summary to {@code progress}. */
  public ServedImages(Progress progress) {
    this.progress = progress;
  }

  /**
   * What {@link #restore} found and wrote.
   *
   * @param directory the directory of the restored images
   * @param logFiles the log files read, sorted by name
   * @param predictions the prediction records read (one per served image)
   * @param images the distinct stored images restored
   * @param skippedLines lines that were not prediction records
   * @param skippedImages stored objects that are not a PNG, JPEG, BMP or GIF image
   */
  public record Result(
      Path directory,
      List<Path> logFiles,
      int predictions,
      int images,
      int skippedLines,
      int skippedImages) {
    /** Copies the list. */
    public Result {
      logFiles = List.copyOf(logFiles);
    }
  }

  /**
   * Restores the images kept by the server whose log is in {@code logDirectory} from {@code store}
   * into {@code target}, which is emptied of earlier restored images first.
   *
   * @throws InvalidInputException when the directory has no prediction log, the log has no stored
   *     image, or a stored image is not in the store
   * @throws MlopsException when files cannot be read or written, or an object is corrupt
   */
  public Result restore(Path logDirectory, ObjectStore store, Path target) throws MlopsException {
    List<Path> logs = logFiles(logDirectory);
    Scan scan = new Scan();
    for (Path log : logs) {
      scan.read(log);
    }
    if (scan.skipped > MAX_REPORTED) {
      progress.warn(
          (scan.skipped - MAX_REPORTED) + " more lines that are not prediction records skipped");
    }
    if (scan.stored.isEmpty()) {
      throw noStoredImages(logDirectory, logs.size(), scan);
    }
    requireAll(scan.stored, store, logDirectory);
    prepare(target);
    int skippedImages = 0;
    for (Map.Entry<String, String> e : scan.stored.entrySet()) {
      String ext = extension(store, e.getKey());
      if (ext == null) {
        skippedImages++;
        progress.warn(
            "object "
                + e.getKey()
                + " ("
                + e.getValue()
                + ") is not a PNG, JPEG, BMP or GIF image; skipped");
        continue;
      }
      store.restore(e.getKey(), target.resolve(e.getKey() + "." + ext));
    }
    int images = scan.stored.size() - skippedImages;
    progress.info(
        "Restored "
            + images
            + " served images (of "
            + scan.predictions
            + " predictions in "
            + logs.size()
            + (logs.size() == 1 ? " log file" : " log files")
            + " under "
            + logDirectory
            + ") to "
            + target);
    return new Result(target, logs, scan.predictions, images, scan.skipped, skippedImages);
  }

  /** The log files, sorted by name (the rotated ones first: their time sorts before '.'). */
  private static List<Path> logFiles(Path dir) throws MlopsException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          "the served images' log directory "
              + dir
              + " does not exist or is not a directory; set served to the log directory of the"
              + " prediction server (its logDirectory)",
          dir.toString(),
          Remedy.setting("served"));
    }
    List<Path> logs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, LOG_GLOB)) {
      for (Path file : files) {
        if (Files.isRegularFile(file)) {
          logs.add(file);
        }
      }
    } catch (IOException e) {
      throw new MlopsException("cannot list the prediction logs in " + dir + ": " + e, e);
    }
    if (logs.isEmpty()) {
      throw new InvalidInputException(
          "no prediction log ("
              + LOG_GLOB
              + ") in "
              + dir
              + "; set served to the log directory of the prediction server (its logDirectory)",
          dir.toString(),
          Remedy.setting("served"));
    }
    logs.sort(null);
    return logs;
  }

  /** The records of the logs: the stored images (hash to the first line naming it). */
  private final class Scan {
    final Map<String, String> stored = new TreeMap<>();
    int predictions;
    int skipped;

    void read(Path log) throws MlopsException {
      try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          number++;
          if (!line.isBlank()) {
            record(line, log.getFileName() + ":" + number);
          }
        }
      } catch (IOException e) {
        throw new MlopsException("cannot read the prediction log " + log + ": " + e, e);
      }
    }

    private void record(String line, String where) {
      JsonNode node;
      try {
        node = Json.mapper().readTree(line);
      } catch (JsonProcessingException e) {
        skip(where, "is not JSON");
        return;
      }
      if (node == null || !node.isObject()) {
        skip(where, "is not a JSON object");
        return;
      }
      JsonNode flag = node.get("stored");
      boolean kept = flag != null && flag.isBoolean() && flag.booleanValue();
      JsonNode sha = node.get("imageSha256");
      if (kept && (sha == null || !sha.isTextual() || !Hashing.isSha256(sha.textValue()))) {
        skip(where, "says stored but has no imageSha256 of 64 lower-case hex digits");
        return;
      }
      predictions++;
      if (kept) {
        stored.putIfAbsent(sha.textValue(), where);
      }
    }

    private void skip(String where, String why) {
      skipped++;
      if (skipped <= MAX_REPORTED) {
        progress.warn(where + " " + why + ": not a prediction record, skipped");
      }
    }
  }

  private static InvalidInputException noStoredImages(Path dir, int files, Scan scan) {
    return new InvalidInputException(
        "the prediction log in "
            + dir
            + " ("
            + scan.predictions
            + " predictions in "
            + files
            + (files == 1 ? " file" : " files")
            + (scan.skipped > 0 ? ", " + scan.skipped + " lines skipped" : "")
            + ") has no stored images: the server keeps the images it serves only when"
            + " keepImages is true. Serve with keepImages=true, let it serve, then check again",
        dir.toString(),
        Remedy.setting("served"));
  }

  /** Refuses a check of part of the served images: every stored one must be in the store. */
  private static void requireAll(Map<String, String> stored, ObjectStore store, Path dir)
      throws InvalidInputException {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> e : stored.entrySet()) {
      if (!store.has(e.getKey())) {
        missing.add(e.getKey() + " (" + e.getValue() + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          missing.size()
              + " of "
              + stored.size()
              + " images that the prediction log in "
              + dir
              + " says were stored are not in the store "
              + store.root()
              + ", first "
              + missing.get(0)
              + "; set store to the store the server kept them in",
          missing.get(0),
          Remedy.setting("store"));
    }
  }

  /**
   * Empties {@code target} of images restored earlier, so it holds exactly this log's images;
   * anything else in it is left alone and refused, so a mistyped directory loses no file.
   */
  private static void prepare(Path target) throws MlopsException {
    try {
      Files.createDirectories(target);
      List<Path> other = new ArrayList<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(target)) {
        for (Path file : files) {
          if (Files.isRegularFile(file) && file.getFileName().toString().matches(RESTORED_NAME)) {
            Files.delete(file);
          } else {
            other.add(file);
          }
        }
      }
      if (!other.isEmpty()) {
        throw new MlopsException(
            target
                + " holds other files than restored served images (such as "
                + other.get(0).getFileName()
                + "); served images are restored only into an empty directory or one of earlier"
                + " restored images");
      }
    } catch (IOException e) {
      throw new MlopsException("cannot prepare " + target + " for the served images: " + e, e);
    }
  }

  /** png, jpg, bmp or gif from the object's first bytes; null for anything else. */
  static String extension(ObjectStore store, String sha256) throws MlopsException {
    byte[] head;
    try (InputStream in = Files.newInputStream(store.objectPath(sha256))) {
      head = in.readNBytes(8);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read object " + sha256 + " in " + store.root() + ": " + e, e);
    }
    return sniff(head);
  }

  /**
   * The image format of {@code head} (the first bytes of a file), or null when unknown: {@code
   * png}, {@code jpg}, {@code gif} or {@code bmp}. Feedback ingestion names restored images by it.
   */
  public static String sniff(byte[] head) {
    if (starts(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "png";
    }
    if (starts(head, 0xFF, 0xD8, 0xFF)) {
      return "jpg";
    }
    if (starts(head, 'G', 'I', 'F', '8')) {
      return "gif";
    }
    if (starts(head, 'B', 'M')) {
      return "bmp";
    }
    return null;
  }

  private static boolean starts(byte[] head, int... magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
