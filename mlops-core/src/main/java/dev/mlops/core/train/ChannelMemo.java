package dev.mlops.core.train;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which channel count was detected from which images. Detection decodes a sample of
 * training images, and the first decode loads the whole image I/O stack: an up-to-date build would
 * pay that only to find the same answer. The answer is a function of the sampled images' content,
 * so it is kept under the hash of their SHA-256s ({@code channels.tsv} in the work directory).
 */
final class ChannelMemo {
  static final String FILE = "channels.tsv";

  private final Path file;

  ChannelMemo(Path workDir) {
    this.file = workDir.resolve(FILE);
  }

  /** A detection: the channel count, and whether it was remembered rather than decoded now. */
  record Detection(int channels, boolean remembered) {}

  /** The channels of {@code sample}, remembered or detected (and then remembered). */
  Detection detect(List<LabeledImage> sample, Manifest manifest) throws InvalidInputException {
    String key = key(sample, manifest);
    Optional<Integer> known = key == null ? Optional.empty() : read(key);
    if (known.isPresent()) {
      return new Detection(known.get(), true);
    }
    int channels =
        ImagePreprocessor.detectChannels(sample.stream().map(LabeledImage::file).toList());
    if (key != null) {
      write(key, channels);
    }
    return new Detection(channels, false);
  }

  /** The hash of the sample's content hashes; null when one is not in the manifest. */
  private static String key(List<LabeledImage> sample, Manifest manifest) {
    Map<String, String> sha256ByPath = new HashMap<>();
    for (ManifestEntry e : manifest.entries()) {
      sha256ByPath.put(e.path(), e.sha256());
    }
    StringBuilder hashes = new StringBuilder();
    for (LabeledImage image : sample) {
      String sha256 = sha256ByPath.get(image.relativePath());
      if (sha256 == null) {
        return null;
      }
      hashes.append(sha256).append('\n');
    }
    return Hashing.sha256(hashes.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Optional<Integer> read(String key) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split("\t");
        if (parts.length == 2 && parts[0].equals(key) && parts[1].matches("[13]")) {
          return Optional.of(Integer.parseInt(parts[1]));
        }
      }
    } catch (IOException e) {
      // A memo that cannot be read is only a slower build: detect again.
    }
    return Optional.empty();
  }

  private void write(String key, int channels) {
    try {
      AtomicFiles.write(file, (key + "\t" + channels + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // Only the next build's speed is at stake.
    }
  }
}
