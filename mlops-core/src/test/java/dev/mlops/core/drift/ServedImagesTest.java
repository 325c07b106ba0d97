package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.Remedy;
import dev.mlops.core.store.CorruptObjectException;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a prediction server's logs as the server writes them ({@code predictions.jsonl} and its
 * rotated files) and restoring the stored images from a real store.
 */
class ServedImagesTest {
  @TempDir Path tmp;

  private Path logs;
  private Path target;
  private ObjectStore store;
  private final List<String> lines = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    logs = Files.createDirectories(tmp.resolve("serving"));
    target = tmp.resolve("target/served-images");
    store = new ObjectStore(tmp.resolve("store"));
  }

  /** A 4x4 image of {@code format} whose pixels come from {@code seed}. */
  private static byte[] image(String format, int seed) throws Exception {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 16; i++) {
      image.setRGB(i % 4, i / 4, (seed * 7919 + i * 104_729) & 0xffffff);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).as(format).isTrue();
    return out.toByteArray();
  }

  /** A log line as the server writes it; {@code stored} adds {@code "stored":true}. */
  private static String line(String sha, boolean stored) {
    return "{\"time\":\"2026-12-05T10:00:00Z\",\"requestId\":\"r1\",\"model\":\"digits\","
        + "\"version\":\"v1\",\"label\":\"3\",\"confidence\":0.9,\"latencyMs\":4.2,"
        + "\"imageSha256\":\""
        + sha
        + "\",\"bytes\":100"
        + (stored ? ",\"stored\":true" : "")
        + "}";
  }

  private void log(String file, String... content) throws Exception {
    Files.writeString(logs.resolve(file), String.join("\n", content) + "\n");
  }

  private ServedImages.Result restore() throws MlopsException {
    return new ServedImages(ProgressLog.to(lines)).restore(logs, store, target);
  }

  private List<String> restoredNames() throws Exception {
    try (Stream<Path> files = Files.list(target)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void restore_rotatedAndCurrentLogs_restoresEachStoredImageOnceNamedByItsFormat()
      throws Exception {
    byte[] png = image("png", 1);
    byte[] jpg = image("jpg", 2);
    byte[] bmp = image("bmp", 3);
    byte[] gif = image("gif", 4);
    String pngSha = store.put(png);
    String jpgSha = store.put(jpg);
    String bmpSha = store.put(bmp);
    String gifSha = store.put(gif);
    String notKept = Hashing.sha256(image("png", 5));
    log("predictions-20261205T100000.000Z.jsonl", line(pngSha, true), line(notKept, false));
    log("predictions.jsonl", line(jpgSha, true), line(pngSha, true), line(bmpSha, true));
    log("predictions-20261205T110000.000Z.jsonl", line(gifSha, true));
    // Not prediction logs: ignored.
    log("requests.jsonl", "garbage");
    log("predictions.txt", "garbage");

    ServedImages.Result result = restore();

    assertThat(result.images()).isEqualTo(4);
    assertThat(result.predictions()).isEqualTo(6);
    assertThat(result.skippedLines()).isZero();
    assertThat(result.logFiles())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "predictions-20261205T100000.000Z.jsonl",
            "predictions-20261205T110000.000Z.jsonl",
            "predictions.jsonl");
    assertThat(restoredNames())
        .containsExactlyInAnyOrder(
            pngSha + ".png", jpgSha + ".jpg", bmpSha + ".bmp", gifSha + ".gif");
    assertThat(target.resolve(jpgSha + ".jpg")).hasBinaryContent(jpg);
    assertThat(target.resolve(gifSha + ".gif")).hasBinaryContent(gif);
    assertThat(lines)
        .containsExactly(
            "Restored 4 served images (of 6 predictions in 3 log files under "
                + logs
                + ") to "
                + target);
  }

  @Test
  void restore_malformedLines_areReportedWithFileAndLineAndSkipped() throws Exception {
    String sha = store.put(image("png", 1));
    log(
        "predictions.jsonl",
        line(sha, true),
        "{\"time\": \"2026-12-05T10:00:01Z\", \"requestId",
        "[1, 2, 3]",
        "",
        "{\"stored\":true,\"imageSha256\":\"../../etc/passwd\"}",
        line(sha, false));

    ServedImages.Result result = restore();

    assertThat(result.images()).isEqualTo(1);
    assertThat(result.predictions()).isEqualTo(2);
    assertThat(result.skippedLines()).isEqualTo(3);
    assertThat(lines)
        .startsWith(
            "WARN predictions.jsonl:2 is not JSON: not a prediction record, skipped",
            "WARN predictions.jsonl:3 is not a JSON object: not a prediction record, skipped",
            "WARN predictions.jsonl:5 says stored but has no imageSha256 of 64 lower-case hex"
                + " digits: not a prediction record, skipped");
    assertThat(restoredNames()).containsExactly(sha + ".png");
  }

  @Test
  void restore_manyMalformedLines_reportsTheFirstOnesAndCountsTheRest() throws Exception {
    String sha = store.put(image("png", 1));
    List<String> content = new ArrayList<>(List.of(line(sha, true)));
    for (int i = 0; i < ServedImages.MAX_REPORTED + 5; i++) {
      content.add("not json " + i);
    }
    log("predictions.jsonl", content.toArray(String[]::new));

    ServedImages.Result result = restore();

    assertThat(result.skippedLines()).isEqualTo(ServedImages.MAX_REPORTED + 5);
    assertThat(lines.stream().filter(l -> l.startsWith("WARN predictions.jsonl:")))
        .hasSize(ServedImages.MAX_REPORTED);
    assertThat(lines).contains("WARN 5 more lines that are not prediction records skipped");
  }

  @Test
  void restore_noStoredImage_failsNamingTheDirectoryAndKeepImages() throws Exception {
    log("predictions.jsonl", line(Hashing.sha256(image("png", 1)), false), "torn {");

    assertThatThrownBy(this::restore)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "the prediction log in "
                + logs
                + " (1 predictions in 1 file, 1 lines skipped) has no stored images: the server"
                + " keeps the images it serves only when keepImages is true. Serve with"
                + " keepImages=true, let it serve, then check again")
        .extracting(e -> ((InvalidInputException) e).remedy())
        .isEqualTo(Remedy.setting("served"));
    assertThat(target).doesNotExist();
  }

  @Test
  void restore_missingDirectory_failsNamingItAndTheSetting() {
    logs = tmp.resolve("nowhere");

    assertThatThrownBy(this::restore)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("the served images' log directory " + logs + " does not exist")
        .extracting(e -> ((InvalidInputException) e).remedy())
        .isEqualTo(Remedy.setting("served"));
  }

  @Test
  void restore_directoryWithoutPredictionLog_failsNamingTheFilePattern() throws Exception {
    log("other.jsonl", line(Hashing.sha256(image("png", 1)), true));

    assertThatThrownBy(this::restore)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "no prediction log (predictions*.jsonl) in "
                + logs
                + "; set served to the log directory of the prediction server (its logDirectory)");
  }

  @Test
  void restore_storedImageMissingFromTheStore_isRefusedNamingHashAndLine() throws Exception {
    String kept = store.put(image("png", 1));
    String lost = Hashing.sha256(image("png", 2));
    log("predictions.jsonl", line(kept, true), line(lost, true));

    assertThatThrownBy(this::restore)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "1 of 2 images that the prediction log in "
                + logs
                + " says were stored are not in the store "
                + store.root()
                + ", first "
                + lost
                + " (predictions.jsonl:2); set store to the store the server kept them in")
        .extracting(e -> ((InvalidInputException) e).remedy())
        .isEqualTo(Remedy.setting("store"));
  }

  @Test
  void restore_corruptObject_isRefused() throws Exception {
    String sha = store.put(image("png", 1));
    Path object = store.objectPath(sha);
    object.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(object);
    bytes[bytes.length - 1] ^= 1;
    Files.write(object, bytes);
    log("predictions.jsonl", line(sha, true));

    assertThatThrownBy(this::restore)
        .isInstanceOf(CorruptObjectException.class)
        .hasMessageContaining(sha);
  }

  @Test
  void restore_objectThatIsNoImage_isSkippedWithAWarning() throws Exception {
    String png = store.put(image("png", 1));
    String text = store.put("not an image".getBytes(StandardCharsets.UTF_8));
    log("predictions.jsonl", line(png, true), line(text, true));

    ServedImages.Result result = restore();

    assertThat(result.images()).isEqualTo(1);
    assertThat(result.skippedImages()).isEqualTo(1);
    assertThat(lines)
        .contains(
            "WARN object "
                + text
                + " (predictions.jsonl:2) is not a PNG, JPEG, BMP or GIF image; skipped");
    assertThat(restoredNames()).containsExactly(png + ".png");
  }

  @Test
  void restore_again_replacesTheEarlierImagesWithThisLogsOnes() throws Exception {
    String first = store.put(image("png", 1));
    log("predictions.jsonl", line(first, true));
    restore();
    String second = store.put(image("gif", 2));
    log("predictions.jsonl", line(second, true));

    restore();

    assertThat(restoredNames()).containsExactly(second + ".gif");
  }

  @Test
  void restore_targetWithOtherFiles_isRefusedAndKeepsThem() throws Exception {
    String sha = store.put(image("png", 1));
    log("predictions.jsonl", line(sha, true));
    Files.createDirectories(target);
    Files.writeString(target.resolve("notes.txt"), "mine");

    assertThatThrownBy(this::restore)
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining(target + " holds other files than restored served images")
        .hasMessageContaining("notes.txt");
    assertThat(target.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void sniff_knowsTheFourFormatsByTheirMagicNumbers() {
    assertThat(ServedImages.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}))
        .isEqualTo("png");
    assertThat(ServedImages.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}))
        .isEqualTo("jpg");
    assertThat(ServedImages.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII))).isEqualTo("gif");
    assertThat(ServedImages.sniff("BM\0\0".getBytes(StandardCharsets.US_ASCII))).isEqualTo("bmp");
    assertThat(ServedImages.sniff(new byte[] {(byte) 0x89, 'P', 'N'})).isNull();
    assertThat(ServedImages.sniff("II*\0".getBytes(StandardCharsets.US_ASCII))).isNull();
    assertThat(ServedImages.sniff(new byte[0])).isNull();
  }
}
