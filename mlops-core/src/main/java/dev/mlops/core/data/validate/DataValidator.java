package dev.mlops.core.data.validate;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.FileNames;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.store.Hashing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a dataset: inspects every image once, in parallel (header, decode, perceptual hash),
 * then runs the enabled {@link Check}s. Returns a report; deciding whether the build fails is the
 * caller's job ({@link ValidationResult#passed()}).
 */
public final class DataValidator {
  /** The ids of all checks, in the order they run. */
  public static final List<String> CHECK_IDS =
      List.of(
          DecodableCheck.ID,
          OversizedCheck.ID,
          ClassesCheck.ID,
          ImbalanceCheck.ID,
          DuplicatesCheck.ID,
          LeakageCheck.ID,
          NearDuplicatesCheck.ID,
          MinSizeCheck.ID,
          ChannelsCheck.ID,
          OtherFilesCheck.ID);

  private static final Logger LOG = LoggerFactory.getLogger(DataValidator.class);

  /** Creates a validator; it holds no state between calls. */
  public DataValidator() {}

  /**
   * Validates the dataset of {@code manifest}.
   *
   * @param dataDirectory the directory the manifest's paths are relative to
   * @param manifest the files to validate
   * @param otherFiles files of the data directory that are not images (relative paths), reported as
   *     a warning
   * @param config the settings
   * @param progress receives one event per stage
   * @throws MlopsException when a file cannot be read at all, or the validation is interrupted
   */
  public ValidationResult validate(
      Path dataDirectory,
      Manifest manifest,
      List<String> otherFiles,
      ValidationConfig config,
      Progress progress)
      throws MlopsException {
    return validate(dataDirectory, new Found(manifest, otherFiles, List.of()), config, progress);
  }

  /**
   * Validates what {@code scan} found: its manifest, and its other files and symbolic links, both
   * reported as warnings.
   *
   * @throws MlopsException as {@link #validate(Path, Manifest, List, ValidationConfig, Progress)}
   */
  public ValidationResult validate(
      Path dataDirectory, ScanResult scan, ValidationConfig config, Progress progress)
      throws MlopsException {
    return validate(dataDirectory, Found.of(scan), config, progress);
  }

  /** What the scan found, as far as the checks are concerned. */
  private record Found(Manifest manifest, List<String> otherFiles, List<String> symbolicLinks) {
    static Found of(ScanResult scan) {
      return new Found(scan.manifest(), scan.otherFiles(), scan.symbolicLinks());
    }
  }

  private ValidationResult validate(
      Path dataDirectory, Found found, ValidationConfig config, Progress progress)
      throws MlopsException {
    Manifest manifest = found.manifest();
    long start = System.nanoTime();
    List<ManifestEntry> entries = manifest.entries();
    int threads = Math.max(1, Math.min(config.threads(), entries.size()));
    progress.info(
        String.format(
            Locale.ROOT,
            "Validating %d images in %s on %d threads",
            entries.size(),
            FileNames.display(dataDirectory),
            threads));
    ImageInspector inspector = new ImageInspector(config.maxPixels());
    List<ImageInfo> images = ParallelInspection.inspect(dataDirectory, entries, inspector, threads);
    double inspectSeconds = (System.nanoTime() - start) / 1e9;
    progress.info(
        String.format(Locale.ROOT, "Inspected %d images in %.1f s", images.size(), inspectSeconds));

    ValidationStats stats =
        new ValidationStats(
            images.size(),
            manifest.totalBytes(),
            (System.nanoTime() - start) / 1e9,
            inspectSeconds,
            inspector.decodeSeconds(),
            threads);
    return runChecks(dataDirectory, found, images, null, config, stats, progress);
  }

  /**
   * Runs the checks on images inspected elsewhere, for example by Spark executors calling {@link
   * ImageInspector} on a cluster: the same findings as {@link #validate(Path, ScanResult,
   * ValidationConfig, Progress)}, and the result records the hash of its inputs like {@link
   * #validateOrReuse}, so writing it gives the file a local run writes.
   *
   * @param images one inspection per manifest entry, in manifest order
   * @param nearDuplicates near-duplicate pairs searched elsewhere, or null to search them here.
   *     Order and repeats do not matter, and pairs that break the check's rule (different splits,
   *     different content, hashes within nearDuplicateDistance) are dropped here; but every pair
   *     that meets the rule must be in the list, as an exhaustive or banded search finds them
   * @param stats the cost of the inspection, as measured by the caller; the checks' time is added
   *     to its {@code seconds}
   * @throws IllegalArgumentException when {@code images} do not match the manifest's entries
   */
  public ValidationResult validateInspected(
      Path dataDirectory,
      ScanResult scan,
      List<ImageInfo> images,
      List<NearDuplicatePair> nearDuplicates,
      ValidationConfig config,
      ValidationStats stats,
      Progress progress) {
    List<ManifestEntry> entries = scan.manifest().entries();
    for (int i = 0; i < Math.max(entries.size(), images.size()); i++) {
      if (i >= entries.size()
          || i >= images.size()
          || !entries.get(i).equals(images.get(i).entry())) {
        throw new IllegalArgumentException(
            "images must be one inspection per manifest entry, in manifest order; index " + i);
      }
    }
    Found found = Found.of(scan);
    return runChecks(dataDirectory, found, images, nearDuplicates, config, stats, progress)
        .withInputs(inputsHash(found, config));
  }

  private static ValidationResult runChecks(
      Path dataDirectory,
      Found found,
      List<ImageInfo> images,
      List<NearDuplicatePair> nearDuplicates,
      ValidationConfig config,
      ValidationStats stats,
      Progress progress) {
    long start = System.nanoTime();
    Manifest manifest = found.manifest();
    List<Check> checks = checks(config, nearDuplicates);
    List<Finding> findings =
        run(
            checks,
            new ValidationContext(
                dataDirectory, manifest, images, found.otherFiles(), found.symbolicLinks()));
    // The whole validation's wall time includes the checks.
    ValidationStats total =
        new ValidationStats(
            stats.images(),
            stats.bytes(),
            stats.seconds() + (System.nanoTime() - start) / 1e9,
            stats.inspectSeconds(),
            stats.decodeSeconds(),
            stats.threads());
    ValidationResult result =
        ValidationResult.of(manifest.id(), manifest.counts(), findings, total);
    progress.info(
        String.format(
            Locale.ROOT,
            "Ran %d checks: %d errors, %d warnings",
            checks.size(),
            result.errors(),
            result.warnings()));
    return result;
  }

  /**
   * Validates like {@link #validate}, unless {@code reportFile} holds the result of the same
   * inputs: the manifest (every image's content, path, split and label), the other files, the
   * settings (threads aside: they change no finding) and this library's version. Then that result
   * is returned without inspecting a single image. Otherwise the new result is written to {@code
   * reportFile}.
   *
   * @throws MlopsException as {@link #validate}, or when the report cannot be written
   */
  public ValidationResult validateOrReuse(
      Path dataDirectory,
      Manifest manifest,
      List<String> otherFiles,
      ValidationConfig config,
      Path reportFile,
      Progress progress)
      throws MlopsException {
    return validateOrReuse(
        dataDirectory, new Found(manifest, otherFiles, List.of()), config, reportFile, progress);
  }

  /**
   * Validates what {@code scan} found like {@link #validate(Path, ScanResult, ValidationConfig,
   * Progress)}, unless {@code reportFile} holds the result of the same inputs (its symbolic links
   * included): see {@link #validateOrReuse(Path, Manifest, List, ValidationConfig, Path,
   * Progress)}.
   */
  public ValidationResult validateOrReuse(
      Path dataDirectory,
      ScanResult scan,
      ValidationConfig config,
      Path reportFile,
      Progress progress)
      throws MlopsException {
    return validateOrReuse(dataDirectory, Found.of(scan), config, reportFile, progress);
  }

  private ValidationResult validateOrReuse(
      Path dataDirectory, Found found, ValidationConfig config, Path reportFile, Progress progress)
      throws MlopsException {
    Optional<ValidationResult> previous = upToDate(found, config, reportFile, progress);
    if (previous.isPresent()) {
      return previous.get();
    }
    ValidationResult result =
        validate(dataDirectory, found, config, progress).withInputs(inputsHash(found, config));
    result.writeJson(reportFile);
    return result;
  }

  /**
   * The result in {@code reportFile} when it was computed from the same inputs as {@code scan} and
   * {@code config} would give (see {@link #validateOrReuse}), so it need not be computed again; for
   * callers that inspect elsewhere ({@link #validateInspected}).
   */
  public Optional<ValidationResult> upToDate(
      ScanResult scan, ValidationConfig config, Path reportFile, Progress progress) {
    return upToDate(Found.of(scan), config, reportFile, progress);
  }

  private static Optional<ValidationResult> upToDate(
      Found found, ValidationConfig config, Path reportFile, Progress progress) {
    Optional<ValidationResult> previous = ValidationResult.readIfPresent(reportFile);
    if (previous.isEmpty() || !inputsHash(found, config).equals(previous.get().inputs())) {
      return Optional.empty();
    }
    progress.info(
        "Validation is up to date: manifest "
            + found.manifest().id().substring(0, 12)
            + ", other files and settings are those of "
            + FileNames.display(reportFile)
            + "; not inspected again");
    return previous;
  }

  private static String inputsHash(Found found, ValidationConfig config) {
    Map<String, Object> inputs = new TreeMap<>();
    inputs.put("manifestId", found.manifest().id());
    inputs.put("otherFiles", new TreeSet<>(found.otherFiles()));
    inputs.put("symbolicLinks", new TreeSet<>(found.symbolicLinks()));
    inputs.put("classes", config.classes());
    inputs.put("maxPixels", config.maxPixels());
    inputs.put("maxImbalance", config.maxImbalance());
    inputs.put("failOnImbalance", config.failOnImbalance());
    inputs.put("nearDuplicateDistance", config.nearDuplicateDistance());
    inputs.put("minWidth", config.minWidth());
    inputs.put("minHeight", config.minHeight());
    inputs.put("disabledChecks", new TreeSet<>(config.disabledChecks()));
    inputs.put("coreVersion", CoreVersion.get());
    return Hashing.sha256(Json.canonical(inputs));
  }

  private static List<Finding> run(List<Check> checks, ValidationContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Check check : checks) {
      List<Finding> found = check.run(context);
      LOG.debug("check {}: {} findings", check.id(), found.size());
      findings.addAll(found);
    }
    return findings;
  }

  /** The enabled checks, in {@link #CHECK_IDS} order, configured from {@code config}. */
  static List<Check> checks(ValidationConfig config) {
    return checks(config, null);
  }

  /** As {@link #checks(ValidationConfig)}, near duplicates from {@code nearDuplicates} if given. */
  static List<Check> checks(ValidationConfig config, List<NearDuplicatePair> nearDuplicates) {
    List<Check> all =
        List.of(
            new DecodableCheck(),
            new OversizedCheck(config.maxPixels()),
            new ClassesCheck(config.classes()),
            new ImbalanceCheck(config.maxImbalance(), config.failOnImbalance()),
            new DuplicatesCheck(),
            new LeakageCheck(),
            new NearDuplicatesCheck(config.nearDuplicateDistance(), nearDuplicates),
            new MinSizeCheck(config.minWidth(), config.minHeight()),
            new ChannelsCheck(),
            new OtherFilesCheck());
    return all.stream().filter(c -> config.enabled(c.id())).toList();
  }
}
