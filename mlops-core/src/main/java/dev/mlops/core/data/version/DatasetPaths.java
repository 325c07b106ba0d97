package dev.mlops.core.data.version;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.git.VersionedEntries;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** Where dataset versions live on the registry branch, and how they are read from a snapshot. */
final class DatasetPaths {

  private DatasetPaths() {}

  static String dir(String name) {
    return "datasets/" + name;
  }

  static String cardPath(String name, int version) {
    return dir(name) + "/v" + version + "/card.json";
  }

  static String manifestPath(String name, int version) {
    return dir(name) + "/v" + version + "/manifest.json";
  }

  static String tagName(String name, int version) {
    return "dataset/" + name + "/v" + version;
  }

  /** The version numbers of {@code name}, ascending. */
  static List<Integer> versions(RegistrySnapshot snapshot, String name) throws MlopsException {
    return VersionedEntries.versions(snapshot, dir(name));
  }

  static DatasetCard card(RegistrySnapshot snapshot, String name, int version)
      throws MlopsException {
    String path = cardPath(name, version);
    byte[] bytes = snapshot.read(path).orElseThrow(() -> damaged(path, "is missing", null));
    try {
      return Json.mapper().readValue(bytes, DatasetCard.class);
    } catch (IOException e) {
      throw damaged(path, "cannot be parsed (" + e.getMessage() + ")", e);
    }
  }

  /** The manifest of an existing version, checked against the id its card records. */
  static Manifest manifest(RegistrySnapshot snapshot, String name, int version)
      throws MlopsException {
    return manifest(snapshot, name, version, "version");
  }

  /**
   * Like {@link #manifest(RegistrySnapshot, String, int)}, for a version given by the setting
   * {@code setting} (such as {@code from}): an unknown version names that setting as the fix.
   */
  static Manifest manifest(RegistrySnapshot snapshot, String name, int version, String setting)
      throws MlopsException {
    List<Integer> versions = versions(snapshot, name);
    if (!versions.contains(version)) {
      throw unknownVersion(name, version, versions, setting);
    }
    String path = manifestPath(name, version);
    byte[] bytes = snapshot.read(path).orElseThrow(() -> damaged(path, "is missing", null));
    Manifest manifest;
    try {
      manifest = Manifest.fromJson(bytes);
    } catch (IOException | IllegalArgumentException e) {
      throw damaged(path, "cannot be parsed (" + e.getMessage() + ")", e);
    }
    String expected = card(snapshot, name, version).manifestId();
    if (!manifest.id().equals(expected)) {
      throw damaged(path, "has id " + manifest.id() + " but its card records " + expected, null);
    }
    return manifest;
  }

  static InvalidInputException unknownVersion(String name, int version, List<Integer> versions) {
    return unknownVersion(name, version, versions, "version");
  }

  static InvalidInputException unknownVersion(
      String name, int version, List<Integer> versions, String setting) {
    if (versions.isEmpty()) {
      return new InvalidInputException(
          "dataset '"
              + name
              + "' has no version v"
              + version
              + ": it has no versions in the registry yet; version the data first (or, with push,"
              + " fetch the registry from its remote first)",
          "v" + version,
          Remedy.run(Stage.VERSION_DATA).orSetting("push"));
    }
    return new InvalidInputException(
        "dataset '"
            + name
            + "' has no version v"
            + version
            + "; existing versions: "
            + versions.stream().map(v -> "v" + v).collect(Collectors.joining(", "))
            + " (choose one of them)",
        "v" + version,
        Remedy.setting(setting));
  }

  private static MlopsException damaged(String path, String problem, Exception cause) {
    return new MlopsException(
        "the registry branch is damaged: "
            + path
            + " "
            + problem
            + "; inspect it with `git log mlops-registry -- "
            + path
            + "`",
        cause);
  }
}
