package dev.mlops.core.data.version;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.FileNames;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.git.CommitResult;
import dev.mlops.core.git.RegistryEdit;
import dev.mlops.core.git.RegistryPush;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.git.VersionedEntries;
import dev.mlops.core.store.MissingObjectException;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Registers one dataset version: store the files, commit manifest and card, tag, push. */
final class VersionWriter {
  private final RegistryRepository registry;
  private final ObjectStore store;
  private final Progress progress;

  VersionWriter(RegistryRepository registry, ObjectStore store, Progress progress) {
    this.registry = registry;
    this.store = store;
    this.progress = progress;
  }

  /** What one commit attempt decided: a new version, or the existing one with equal content. */
  private record Outcome(DatasetCard card, boolean created) {}

  /** The fixed inputs of a version's card, gathered once before committing. */
  private record Source(
      String name,
      Integer parent,
      String commit,
      boolean dirty,
      String createdAt,
      IngestedFeedback feedback) {}

  VersionResult version(VersionRequest req) throws MlopsException {
    String name = Names.requireValid(req.dataset(), "dataset");
    Integer parent = null;
    if (req.parent().isPresent()) {
      parent = Names.parseVersion(req.parent().get(), "parent");
    }
    Source source = source(name, parent, req.feedback());
    storeFiles(req);
    String remote = req.push() ? req.remote() : null;
    Outcome outcome =
        new RegistryPush(registry, remote, progress)
            .run(
                () -> commit(source, req.manifest()),
                this::tagAll,
                "dataset " + source.name(),
                "fetching and registering " + source.name() + " again on top of them");
    return new VersionResult(outcome.card(), outcome.created(), req.push());
  }

  /** The project commit to tag, which must exist, and whether the working tree differs from it. */
  private Source source(String name, Integer parent, IngestedFeedback feedback)
      throws MlopsException {
    VersionedEntries.Source head = VersionedEntries.source(registry, "dataset", name, progress);
    return new Source(name, parent, head.commit(), head.dirty(), head.createdAt(), feedback);
  }

  private void storeFiles(VersionRequest req) throws MlopsException {
    if (req.objectsStored()) {
      checkStored(req.manifest());
      return;
    }
    List<ManifestEntry> entries = req.manifest().entries();
    // Files the scan staged are published first (after which the store holds each of them); the
    // store then skips objects it holds and repeated content among the rest (files the hash cache
    // knew), and writes the others in one batch.
    Set<String> added = new HashSet<>();
    Set<String> staged = Set.of();
    if (req.staged() != null) {
      added.addAll(req.staged().publish());
      staged = req.staged().stagedHashes();
    }
    List<Path> files = new ArrayList<>(entries.size());
    List<String> shas = new ArrayList<>(entries.size());
    for (ManifestEntry entry : entries) {
      if (!staged.contains(entry.sha256())) {
        files.add(DataFiles.resolve(req.dataDirectory(), entry.path()));
        shas.add(entry.sha256());
      }
    }
    for (int i : store.putAll(files, shas)) {
      added.add(shas.get(i));
    }
    long addedBytes = 0;
    Set<String> counted = new HashSet<>();
    for (ManifestEntry entry : entries) {
      if (added.contains(entry.sha256()) && counted.add(entry.sha256())) {
        addedBytes += entry.size();
      }
    }
    progress.info(
        String.format(
            Locale.ROOT,
            "Stored %d new files (%.1f MB) in %s; %d were already there",
            added.size(),
            addedBytes / 1e6,
            store.root(),
            entries.size() - added.size()));
  }

  /**
   * Checks that every file of a manifest stored by someone else is in the store with its size; a
   * version must never name content the store cannot restore.
   */
  private void checkStored(Manifest manifest) throws MlopsException {
    for (ManifestEntry entry : manifest.entries()) {
      Path object = store.objectPath(entry.sha256());
      long size;
      try {
        size = Files.isRegularFile(object) ? Files.size(object) : -1;
      } catch (IOException e) {
        throw new StoreException("cannot read " + object + ": " + e, e);
      }
      if (size != entry.size()) {
        throw new MissingObjectException(
            "the manifest names "
                + FileNames.escape(entry.path())
                + " (sha256 "
                + entry.sha256()
                + ", "
                + entry.size()
                + " bytes), but the store "
                + store.root()
                + (size < 0 ? " does not hold it" : " holds " + size + " bytes under that hash")
                + "; scan again with the same store, storing the files",
            entry.sha256(),
            Remedy.setting("store"));
      }
    }
    progress.info(
        String.format(
            Locale.ROOT,
            "All %d files (%.1f MB) are already in %s",
            manifest.entries().size(),
            manifest.totalBytes() / 1e6,
            store.root()));
  }

  private RegistryPush.Attempt<Outcome> commit(Source source, Manifest manifest)
      throws MlopsException {
    byte[] manifestJson = manifest.toCanonicalJson();
    String manifestId = Manifest.idOf(manifestJson);
    // The editor may run several times; the run whose commit wins is the last one.
    Outcome[] decided = new Outcome[1];
    CommitResult result =
        registry.commit(
            snapshot -> {
              requireParent(snapshot, source);
              Optional<DatasetCard> same = findManifest(snapshot, source.name(), manifestId);
              if (same.isPresent()) {
                decided[0] = new Outcome(same.get(), false);
                return RegistryEdit.none();
              }
              DatasetCard card = newCard(snapshot, source, manifest, manifestId);
              decided[0] = new Outcome(card, true);
              return edit(card, manifestJson);
            });
    Outcome outcome = decided[0];
    if (outcome.created() && !result.committed()) {
      throw new IllegalStateException("registry commit of a new version wrote nothing");
    }
    if (outcome.created()) {
      progress.info(
          "Committed dataset "
              + source.name()
              + " "
              + outcome.card().versionName()
              + " to the registry branch "
              + RegistryRepository.BRANCH);
    }
    return new RegistryPush.Attempt<>(outcome, result);
  }

  private static RegistryEdit edit(DatasetCard card, byte[] manifestJson) {
    String message =
        "dataset "
            + card.name()
            + " "
            + card.versionName()
            + ": "
            + card.files()
            + " files, manifest "
            + card.manifestId().substring(0, 12)
            + (card.parent() == null ? "" : ", parent " + card.parent());
    return new RegistryEdit(
        message,
        Map.of(
            DatasetPaths.manifestPath(card.name(), card.version()),
            manifestJson,
            DatasetPaths.cardPath(card.name(), card.version()),
            Json.pretty(card)));
  }

  private static void requireParent(RegistrySnapshot snapshot, Source source)
      throws MlopsException {
    List<Integer> versions = DatasetPaths.versions(snapshot, source.name());
    if (source.parent() != null && !versions.contains(source.parent())) {
      InvalidInputException unknown =
          DatasetPaths.unknownVersion(source.name(), source.parent(), versions);
      throw new InvalidInputException(
          "parent " + unknown.getMessage(),
          unknown.value(),
          new Remedy(unknown.remedy().stage(), List.of("parent")));
    }
  }

  private static Optional<DatasetCard> findManifest(
      RegistrySnapshot snapshot, String name, String manifestId) throws MlopsException {
    for (int version : DatasetPaths.versions(snapshot, name)) {
      DatasetCard card = DatasetPaths.card(snapshot, name, version);
      if (card.manifestId().equals(manifestId)) {
        return Optional.of(card);
      }
    }
    return Optional.empty();
  }

  private DatasetCard newCard(
      RegistrySnapshot snapshot, Source source, Manifest manifest, String manifestId)
      throws MlopsException {
    List<Integer> versions = DatasetPaths.versions(snapshot, source.name());
    int latest = versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
    Integer parent = source.parent() != null ? source.parent() : (latest == 0 ? null : latest);
    return new DatasetCard(
        source.name(),
        latest + 1,
        manifestId,
        parent == null ? null : "v" + parent,
        source.createdAt(),
        registry.actor(),
        source.commit(),
        source.dirty(),
        manifest.layout(),
        manifest.counts(),
        manifest.entries().size(),
        manifest.totalBytes(),
        source.feedback() == null ? null : DatasetCard.FEEDBACK,
        source.feedback());
  }

  /**
   * Tags the version, and recreates missing tags of earlier versions from their cards (a build
   * killed between commit and tag leaves one missing). Returns the dataset's tags.
   */
  private List<String> tagAll(Outcome outcome) throws MlopsException {
    DatasetCard current = outcome.card();
    if (outcome.created()) {
      // Fails when a stale tag of that name points elsewhere, rather than leaving it wrong.
      registry.createTag(current.tagName(), current.sourceCommit(), tagMessage(current));
    }
    List<DatasetCard> cards = registry.query(s -> cards(s, current.name()));
    List<String> tags = new ArrayList<>();
    List<String> untaggable = new ArrayList<>();
    for (DatasetCard card : cards) {
      if (registry.tagTarget(card.tagName()).isEmpty()) {
        if (!registry.hasCommit(card.sourceCommit())) {
          untaggable.add(card.versionName());
          continue;
        }
        registry.createTag(card.tagName(), card.sourceCommit(), tagMessage(card));
      }
      tags.add(card.tagName());
    }
    if (!untaggable.isEmpty()) {
      progress.warn(
          "Cannot tag dataset "
              + current.name()
              + " "
              + String.join(", ", untaggable)
              + ": their source commits are not in this clone; fetch them to restore the tags");
    }
    return tags;
  }

  static List<DatasetCard> cards(RegistrySnapshot snapshot, String name) throws MlopsException {
    List<DatasetCard> cards = new ArrayList<>();
    for (int version : DatasetPaths.versions(snapshot, name)) {
      cards.add(DatasetPaths.card(snapshot, name, version));
    }
    return cards;
  }

  private static String tagMessage(DatasetCard card) {
    return "dataset "
        + card.name()
        + " "
        + card.versionName()
        + "\n\nmanifest "
        + card.manifestId()
        + "\nfiles "
        + card.files()
        + ", bytes "
        + card.bytes()
        + "\ncounts "
        + card.counts()
        + "\n";
  }
}
