package dev.mlops.core.feedback;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.data.version.VersionResult;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A project repository, a data directory of real PNGs, an object store and a feedback log, all on
 * disk.
 */
final class FeedbackFixture implements AutoCloseable {
  final Path data;
  final Path feedback;
  final ObjectStore store;
  final RegistryRepository registry;
  final DatasetVersions versions;

  FeedbackFixture(Path root, boolean withCommit) throws Exception {
    Path project = root.resolve("project");
    if (withCommit) {
      TestRepos.initProject(project);
    } else {
      Files.createDirectories(project);
      org.eclipse.jgit.api.Git.init().setDirectory(project.toFile()).call().close();
    }
    this.data = root.resolve("data");
    this.feedback = root.resolve("feedback");
    this.store = new ObjectStore(root.resolve("store"));
    this.registry = RegistryRepository.open(project);
    this.versions = new DatasetVersions(registry, store, Progress.NONE);
  }

  /** A 16 px PNG whose 4x4 grid of gray levels comes from {@code seed}: seeds differ visibly. */
  static byte[] png(long seed) throws IOException {
    return png(seed, 0);
  }

  /** Like {@link #png(long)}, with pixel (0,0) brightened by {@code nudge}: a near duplicate. */
  static byte[] png(long seed, int nudge) throws IOException {
    Random random = new Random(seed);
    int[] grid = new int[16];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = random.nextInt(256);
    }
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        int g = grid[(y / 4) * 4 + x / 4];
        if (x == 0 && y == 0) {
          g = Math.min(255, g + nudge);
        }
        image.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** Writes a PNG drawn from {@code seed} to {@code relative}; returns its SHA-256. */
  String image(String relative, long seed) throws IOException {
    byte[] bytes = png(seed);
    Path file = data.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return Hashing.sha256(bytes);
  }

  /** Writes train/val/test images of classes cat and dog (two, one, one each). */
  FeedbackFixture standardData() throws IOException {
    image("train/cat/c1.png", 1);
    image("train/cat/c2.png", 2);
    image("train/dog/d1.png", 3);
    image("train/dog/d2.png", 4);
    image("val/cat/c3.png", 5);
    image("val/dog/d3.png", 6);
    image("test/cat/c4.png", 7);
    image("test/dog/d4.png", 8);
    return this;
  }

  VersionResult version(String name) throws MlopsException {
    var manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null))
            .manifest();
    return versions.version(new VersionRequest(name, manifest, data, Optional.empty(), false));
  }

  /** Puts {@code bytes} in the store (as the server does) and returns their SHA-256. */
  String stored(byte[] bytes) throws MlopsException {
    return store.put(bytes);
  }

  /** Appends a record to the feedback log. */
  FeedbackRecord feedback(String sha, String label, String user) throws MlopsException {
    return feedback(sha, "cat", label, user, false);
  }

  FeedbackRecord feedback(String sha, String predicted, String label, String user, boolean proposed)
      throws MlopsException {
    try (FeedbackLog log = FeedbackLog.openForAppend(feedback)) {
      return log.append(
          new FeedbackRecord(
              0, null, "pets", "v1", predicted, label, proposed, null, sha, user, null));
    }
  }

  FeedbackIngestConfig.Builder config() {
    return FeedbackIngestConfig.builder()
        .setFeedbackDirectory(feedback)
        .setDataDirectory(data)
        .setDataset("pets");
  }

  FeedbackIngestResult ingest() throws MlopsException {
    return ingest(config().build());
  }

  FeedbackIngestResult ingest(FeedbackIngestConfig config) throws MlopsException {
    return new FeedbackIngest(registry, store, Progress.NONE).ingest(config);
  }

  /** Every file of the data directory with its SHA-256. */
  Map<String, String> files() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(data)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(data.relativize(f).toString().replace('\\', '/'), Hashing.sha256(f));
      }
    }
    return files;
  }

  @Override
  public void close() {
    registry.close();
  }
}
