package dev.mlops.maven.it;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Helpers for the invoker integration tests' {@code setup.groovy} and {@code verify.groovy} scripts
 * (on their class path through {@code addTestClassPath}): real images, real Git repositories, real
 * concurrent Maven processes.
 */
public final class ItFixtures {
  private static final PersonIdent TESTER = new PersonIdent("IT Tester", "it@example.org");

  private ItFixtures() {}

  /**
   * Writes a PNG (or JPEG for a .jpg name) of {@code size} px whose content is a random 4x4 grid of
   * gray levels drawn from {@code seed}, so different seeds give visibly different images.
   */
  public static void writeImage(File file, long seed, int size) throws IOException {
    Random random = new Random(seed);
    int[] grid = new int[16];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = random.nextInt(256);
    }
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int g = grid[(y * 4 / size) * 4 + x * 4 / size];
        int r = (g + (int) (seed % 7) * 13) & 0xff;
        image.setRGB(x, y, (r << 16) | (g << 8) | (255 - g));
      }
    }
    Files.createDirectories(file.toPath().getParent());
    String name = file.getName().toLowerCase();
    String format = name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpg" : "png";
    if (!ImageIO.write(image, format, file)) {
      throw new IOException("no ImageIO writer for " + format);
    }
  }

  /**
   * Writes {@code perClass} distinct images per class for each split under {@code dataDir}: {@code
   * <split>/<class>/img-<n>.png}; seeds start at {@code firstSeed} and never repeat.
   */
  public static void writeDataset(
      File dataDir, List<String> splits, List<String> classes, int perClass, long firstSeed)
      throws IOException {
    long seed = firstSeed;
    for (String split : splits) {
      for (String label : classes) {
        for (int i = 0; i < perClass; i++) {
          writeImage(new File(dataDir, split + "/" + label + "/img-" + seed + ".png"), seed, 24);
          seed++;
        }
      }
    }
  }

  /**
   * Writes a dataset a small CNN learns in a few epochs: class {@code bright} has light noisy
   * pixels, class {@code dark} dark ones; {@code perClass} PNGs of {@code size} px per class and
   * split, all different.
   */
  public static void writeBrightDark(File dataDir, List<String> splits, int perClass, int size)
      throws IOException {
    writeBrightDark(dataDir, splits, perClass, size, 1, 1.0);
  }

  /**
   * Like {@link #writeBrightDark(File, List, int, int)}, with image seeds from {@code firstSeed}
   * (other seeds give new images of the same distribution) and pixel ranges scaled by {@code tone}
   * (below 1 darkens every image: drift).
   */
  public static void writeBrightDark(
      File dataDir, List<String> splits, int perClass, int size, long firstSeed, double tone)
      throws IOException {
    long seed = firstSeed;
    for (String split : splits) {
      for (String label : List.of("bright", "dark")) {
        for (int i = 0; i < perClass; i++, seed++) {
          writeNoise(
              new File(dataDir, split + "/" + label + "/img-" + seed + ".png"),
              seed,
              size,
              (int) ((label.equals("bright") ? 150 : 20) * tone),
              (int) ((label.equals("bright") ? 235 : 105) * tone));
        }
      }
    }
  }

  /**
   * Writes a dataset no model can learn: every image is noise drawn from the same distribution, the
   * class folder is chosen by a coin toss.
   */
  public static void writeUnlearnable(File dataDir, List<String> splits, int perClass, int size)
      throws IOException {
    long seed = 10_000;
    for (String split : splits) {
      for (String label : List.of("a", "b")) {
        for (int i = 0; i < perClass; i++, seed++) {
          writeNoise(
              new File(dataDir, split + "/" + label + "/img-" + seed + ".png"), seed, size, 0, 255);
        }
      }
    }
  }

  private static void writeNoise(File file, long seed, int size, int low, int high)
      throws IOException {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int r = low + random.nextInt(high - low + 1);
        int g = low + random.nextInt(high - low + 1);
        int b = low + random.nextInt(high - low + 1);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Files.createDirectories(file.toPath().getParent());
    ImageIO.write(image, "png", file);
  }

  /** Makes {@code dir} a Git repository with everything in it committed. */
  public static void initRepository(File dir) throws Exception {
    try (Git git = Git.init().setDirectory(dir).setInitialBranch("main").call()) {
      Files.writeString(
          dir.toPath().resolve(".gitignore"),
          "target/\nbuild.log\nstore/\nremote.git/\nclone/\n",
          StandardCharsets.UTF_8);
      git.add().addFilepattern(".").call();
      git.commit().setMessage("project").setAuthor(TESTER).setCommitter(TESTER).call();
    }
  }

  /** Creates a bare repository at {@code bare} and makes it {@code origin} of {@code dir}. */
  public static void addBareOrigin(File dir, File bare) throws Exception {
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare).call().close();
    try (Git git = Git.open(dir)) {
      git.remoteAdd()
          .setName("origin")
          .setUri(new org.eclipse.jgit.transport.URIish(bare.toURI().toString()))
          .call();
    }
  }

  /**
   * The content of {@code path} on the {@code mlops-registry} branch of the repository at {@code
   * gitDir}.
   */
  public static Optional<String> registryFile(File repoDir, String path) throws IOException {
    try (Repository repo = Git.open(repoDir).getRepository()) {
      ObjectId head = repo.resolve("refs/heads/mlops-registry");
      if (head == null) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repo);
          TreeWalk tree = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
        return tree == null
            ? Optional.empty()
            : Optional.of(
                new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Pushes the current branch of {@code dir} to its origin. */
  public static void pushBranch(File dir) throws Exception {
    try (Git git = Git.open(dir)) {
      git.push().setRemote("origin").call();
    }
  }

  /** Clones {@code bare} into {@code dir}. */
  public static void cloneRepository(File bare, File dir) throws Exception {
    Git.cloneRepository().setURI(bare.toURI().toString()).setDirectory(dir).call().close();
  }

  /** Whether two directory trees hold the same relative file names with identical bytes. */
  public static boolean sameTree(File a, File b) throws IOException {
    return snapshot(a.toPath()).equals(snapshot(b.toPath()));
  }

  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Runs {@link #predictFromFreshClone} in a JVM of its own: the engine's native library can belong
   * to one class loader per JVM, and the Maven JVM running the invoker scripts must leave it to the
   * plugin's class loader of later builds.
   */
  public static List<String> predictFromFreshCloneInOwnJvm(
      File repoDir, File store, File work, String model, String versionOrAlias, File images)
      throws Exception {
    Files.createDirectories(work.toPath());
    File out = new File(work, "predictions.txt");
    File log = new File(work, "predict.log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath(),
                ItFixtures.class.getName(),
                repoDir.toString(),
                store.toString(),
                work.toString(),
                model,
                versionOrAlias,
                images.toString(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(log)
            .start();
    if (await(p) != 0) {
      throw new IllegalStateException("prediction failed:\n" + Files.readString(log.toPath()));
    }
    return Files.readAllLines(out.toPath());
  }

  /** Entry point of {@link #predictFromFreshCloneInOwnJvm}. */
  public static void main(String[] args) throws Exception {
    List<String> predicted =
        predictFromFreshClone(
            new File(args[0]),
            new File(args[1]),
            new File(args[2]),
            args[3],
            args[4],
            new File(args[5]));
    Files.write(Path.of(args[6]), predicted);
  }

  private static String classPath() {
    if (ItFixtures.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
      List<String> paths = new ArrayList<>();
      for (java.net.URL url : loader.getURLs()) {
        try {
          paths.add(Path.of(url.toURI()).toString());
        } catch (java.net.URISyntaxException e) {
          throw new IllegalStateException(e);
        }
      }
      return String.join(File.pathSeparator, paths);
    }
    return System.getProperty("java.class.path");
  }

  /**
   * Publishes {@code repoDir} (all branches and tags) to a new bare repository, clones it afresh,
   * loads {@code model}'s {@code versionOrAlias} there through {@code ModelRegistry} with the given
   * store, and returns its predicted class for each image under {@code images} (sorted by path):
   * what an application on another machine would get.
   */
  public static List<String> predictFromFreshClone(
      File repoDir, File store, File work, String model, String versionOrAlias, File images)
      throws Exception {
    File bare = new File(work, "published.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare).call().close();
    try (Git git = Git.open(repoDir)) {
      git.push()
          .setRemote(bare.toURI().toString())
          .setRefSpecs(
              new org.eclipse.jgit.transport.RefSpec("refs/heads/*:refs/heads/*"),
              new org.eclipse.jgit.transport.RefSpec("refs/tags/*:refs/tags/*"))
          .call();
    }
    File clone = new File(work, "fresh-clone");
    cloneRepository(bare, clone);
    try (var registry = dev.mlops.core.git.RegistryRepository.open(clone.toPath())) {
      registry.fetch("origin");
      try (var predictor =
          new dev.mlops.core.registry.ModelRegistry(
                  registry,
                  new dev.mlops.core.store.ObjectStore(store.toPath()),
                  dev.mlops.core.Progress.NONE)
              .load(model, versionOrAlias, new File(work, "model-cache").toPath())) {
        return predict(predictor, images);
      }
    }
  }

  private static List<String> predict(dev.mlops.core.model.Predictor predictor, File images)
      throws Exception {
    var preprocessor = new dev.mlops.core.image.ImagePreprocessor(predictor.preprocessing());
    List<String> predicted = new ArrayList<>();
    List<Path> files;
    try (var walk = Files.walk(images.toPath())) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      float[] pixels = preprocessor.tensor(dev.mlops.core.image.ImagePreprocessor.read(file));
      float[] p = predictor.probabilities(pixels, 1)[0];
      int best = 0;
      for (int i = 1; i < p.length; i++) {
        best = p[i] > p[best] ? i : best;
      }
      predicted.add(predictor.labels().get(best));
    }
    return predicted;
  }

  /** Names of all tags in the repository at {@code repoDir} (bare or not). */
  public static List<String> tags(File repoDir) throws IOException {
    try (Repository repo =
        new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
            .findGitDir(repoDir)
            .setMustExist(true)
            .build()) {
      List<String> names = new ArrayList<>();
      repo.getRefDatabase()
          .getRefsByPrefix("refs/tags/")
          .forEach(r -> names.add(r.getName().substring(10)));
      return names;
    }
  }

  /** Number of commits on the registry branch of the repository at {@code repoDir}. */
  public static int registryCommits(File repoDir) throws Exception {
    try (Git git = Git.open(repoDir)) {
      ObjectId head = git.getRepository().resolve("refs/heads/mlops-registry");
      int n = 0;
      for (var ignored : git.log().add(head).call()) {
        n++;
      }
      return n;
    }
  }

  /**
   * Starts Maven in {@code basedir} with {@code args}, offline against the integration tests' local
   * repository (everything was resolved into it by the test's first invocation). Output goes to
   * {@code log}.
   */
  public static Process startMaven(File basedir, String localRepository, File log, String... args)
      throws IOException {
    Path settings = basedir.toPath().resolve("target/spawn-settings.xml");
    Files.createDirectories(settings.getParent());
    // Same repository id as src-it/settings.xml, so artifacts cached from it count as available.
    Files.writeString(
        settings,
        "<settings><profiles><profile><id>it</id><activation><activeByDefault>true"
            + "</activeByDefault></activation><repositories><repository><id>local.central</id>"
            + "<url>"
            + new File(localRepository).toURI()
            + "</url></repository></repositories><pluginRepositories><pluginRepository>"
            + "<id>local.central</id><url>"
            + new File(localRepository).toURI()
            + "</url></pluginRepository></pluginRepositories></profile></profiles></settings>");
    String mavenHome = System.getProperty("maven.home");
    List<String> command = new ArrayList<>();
    command.add(mavenHome == null ? "mvn" : mavenHome + "/bin/mvn");
    command.addAll(
        List.of("-B", "-o", "-s", settings.toString(), "-Dmaven.repo.local=" + localRepository));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(basedir)
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
  }

  /** Waits for {@code process} (at most 5 minutes) and returns its exit code. */
  public static int await(Process process) throws InterruptedException {
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
