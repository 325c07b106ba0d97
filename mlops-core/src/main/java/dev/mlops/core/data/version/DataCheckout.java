package dev.mlops.core.data.version;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.FileNames;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.store.CorruptObjectException;
import dev.mlops.core.store.MissingObjectException;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restores a data directory to one dataset version, byte for byte, from the object store, all or
 * nothing: every file the version needs is restored and hash-checked into a staging folder first
 * ({@link CheckoutStaging}); only then are files swapped in by renames ({@link CheckoutSwap}),
 * which are undone if one fails. Files that already have the right content are not touched.
 */
final class DataCheckout {
  private static final int LISTED_FILES = 20;

  private final RegistryRepository registry;
  private final ObjectStore store;
  private final Progress progress;
  private final CheckoutSwap.Hook hook;

  DataCheckout(RegistryRepository registry, ObjectStore store, Progress progress) {
    this(registry, store, progress, CheckoutSwap.Hook.NONE);
  }

  /** A checkout that calls {@code hook} before each rename of its swap (to test failures). */
  DataCheckout(
      RegistryRepository registry, ObjectStore store, Progress progress, CheckoutSwap.Hook hook) {
    this.registry = registry;
    this.store = store;
    this.progress = progress;
    this.hook = hook;
  }

  /** The version's manifest and every content hash in any version of the dataset. */
  /** What checkout will do, computed before anything changes. */
  private record Plan(List<ManifestEntry> write, List<String> delete, int unchanged) {}

  CheckoutResult checkout(
      String name, int version, Path dataDirectory, boolean force, Path hashCacheFile)
      throws MlopsException {
    Path dir = dataDirectory.toAbsolutePath().normalize();
    Manifest target = registry.query(s -> DatasetPaths.manifest(s, name, version));
    Plan plan;
    try (CheckoutStaging staging = CheckoutStaging.open(dir, hook, progress)) {
      Map<String, String> current = DataFiles.hashes(dir, hashCacheFile);
      plan = plan(dir, target, current);
      if (!force) {
        refuseUnversionedChanges(name, version, dir, plan, current, target);
      }
      stage(name, version, plan.write(), staging);
      staging.apply(
          plan.write().stream().map(ManifestEntry::path).toList(),
          plan.delete(),
          "check out dataset " + name + " v" + version + " into " + FileNames.display(dir));
    }
    return new CheckoutResult(
        name, version, dir, plan.write().size(), plan.delete().size(), plan.unchanged());
  }

  /**
   * Restores every file to write into the staging folder, in parallel, checking hashes. A damaged
   * or missing object fails the checkout here, before the data directory changes (a missing one
   * before anything is written: the store checks that it holds every object first).
   */
  private void stage(String name, int version, List<ManifestEntry> write, CheckoutStaging staging)
      throws MlopsException {
    List<Path> staged = new ArrayList<>(write.size());
    for (int i = 0; i < write.size(); i++) {
      staged.add(staging.staged(i));
    }
    try {
      store.restoreAll(write.stream().map(ManifestEntry::sha256).toList(), staged);
    } catch (CorruptObjectException e) {
      throw new CorruptObjectException(
          unstaged(name, version, entry(write, e.expected()), e), e.expected(), e.actual());
    } catch (MissingObjectException e) {
      throw new MissingObjectException(
          unstaged(name, version, entry(write, e.sha256()), e), e.sha256(), e.remedy());
    } catch (StoreException e) {
      throw new StoreException(
          "cannot restore "
              + write.size()
              + " files of dataset "
              + name
              + " v"
              + version
              + ": "
              + e.getMessage()
              + ". The data directory was not changed",
          e);
    }
  }

  /** The first file to write whose content is object {@code sha256}. */
  private static String entry(List<ManifestEntry> write, String sha256) {
    return write.stream()
        .filter(e -> e.sha256().equals(sha256))
        .map(ManifestEntry::path)
        .findFirst()
        .orElse("a file");
  }

  private static String unstaged(String name, int version, String path, Exception e) {
    return "cannot restore "
        + FileNames.escape(path)
        + " of dataset "
        + name
        + " v"
        + version
        + ": "
        + e.getMessage()
        + ". The data directory was not changed";
  }

  /** The content of every version of {@code name}: what a checkout may overwrite or delete. */
  private static Set<String> knownContent(
      RegistrySnapshot snapshot, String name, int version, Manifest manifest)
      throws MlopsException {
    Set<String> known = new HashSet<>();
    for (int v : DatasetPaths.versions(snapshot, name)) {
      Manifest m = v == version ? manifest : DatasetPaths.manifest(snapshot, name, v);
      m.entries().forEach(e -> known.add(e.sha256()));
    }
    return known;
  }

  private static Plan plan(Path dir, Manifest manifest, Map<String, String> current)
      throws MlopsException {
    List<ManifestEntry> write = new ArrayList<>();
    Set<String> wanted = new HashSet<>();
    int unchanged = 0;
    for (ManifestEntry entry : manifest.entries()) {
      DataFiles.resolve(dir, entry.path());
      wanted.add(entry.path());
      if (entry.sha256().equals(current.get(entry.path()))) {
        unchanged++;
      } else {
        write.add(entry);
      }
    }
    List<String> delete = new ArrayList<>();
    for (String path : current.keySet()) {
      if (!wanted.contains(path)) {
        delete.add(path);
      }
    }
    return new Plan(write, delete, unchanged);
  }

  /** Files whose content would be lost because no version of the dataset holds it. */
  private void refuseUnversionedChanges(
      String name, int version, Path dir, Plan plan, Map<String, String> current, Manifest target)
      throws MlopsException {
    List<String> replaced = new ArrayList<>(plan.delete());
    plan.write().stream()
        .map(ManifestEntry::path)
        .filter(current::containsKey)
        .forEach(replaced::add);
    if (replaced.isEmpty()) {
      return; // nothing is overwritten or deleted: no need to read every version's manifest
    }
    Set<String> known = registry.query(s -> knownContent(s, name, version, target));
    List<String> atRisk = new ArrayList<>();
    replaced.stream().filter(p -> !known.contains(current.get(p))).forEach(atRisk::add);
    if (atRisk.isEmpty()) {
      return;
    }
    atRisk.sort(null);
    String listed =
        String.join(
            ", ",
            atRisk.subList(0, Math.min(LISTED_FILES, atRisk.size())).stream()
                .map(FileNames::escape)
                .toList());
    String more =
        atRisk.size() > LISTED_FILES ? " and " + (atRisk.size() - LISTED_FILES) + " more" : "";
    throw new InvalidInputException(
        "checking out dataset "
            + name
            + " v"
            + version
            + " would overwrite or delete "
            + atRisk.size()
            + " file(s) in "
            + FileNames.display(dir)
            + " whose content is in no version of "
            + name
            + ": "
            + listed
            + more
            + ". Record them in a dataset version first, or discard them by forcing the"
            + " checkout",
        dir.toString(),
        Remedy.run(Stage.VERSION_DATA).orSetting("force"));
  }
}
