package dev.mlops.core.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.git.VersionedEntries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Where model versions and aliases live on the registry branch, and how they are read. */
final class ModelPaths {
  private static final Pattern VERSION_ARG = Pattern.compile("v?[0-9]+");
  private static final TypeReference<TreeMap<String, AliasEntry>> ALIASES =
      new TypeReference<>() {};

  private ModelPaths() {}

  static String dir(String name) {
    return "models/" + name;
  }

  static String cardPath(String name, int version) {
    return dir(name) + "/v" + version + "/card.json";
  }

  static String driftPath(String name, int version) {
    return dir(name) + "/v" + version + "/drift.json";
  }

  static String aliasesPath(String name) {
    return dir(name) + "/aliases.json";
  }

  static String tagName(String name, int version) {
    return "model/" + name + "/v" + version;
  }

  /**
   * A valid alias that does not read as a version, or {@code card("7")} would be ambiguous; a bad
   * one is the fault of {@code setting} (such as {@code alias} or {@code compareTo}).
   */
  static String requireAlias(String alias, String setting) throws InvalidInputException {
    String valid = dev.mlops.core.Names.requireValid(alias, setting);
    if (looksLikeVersion(valid)) {
      throw new InvalidInputException(
          "alias '"
              + alias
              + "' looks like a version number; choose a name such as production or staging",
          alias,
          Remedy.setting(setting));
    }
    return valid;
  }

  /** Whether {@code versionOrAlias} is written as a version ({@code v7} or {@code 7}). */
  static boolean looksLikeVersion(String versionOrAlias) {
    return VERSION_ARG.matcher(versionOrAlias.trim()).matches();
  }

  /** The version numbers of {@code name}, ascending. */
  static List<Integer> versions(RegistrySnapshot snapshot, String name) throws MlopsException {
    return VersionedEntries.versions(snapshot, dir(name));
  }

  /** The card of an existing version of {@code name}. */
  static ModelVersionCard card(RegistrySnapshot snapshot, String name, int version)
      throws MlopsException {
    String path = cardPath(name, version);
    Optional<byte[]> bytes = snapshot.read(path);
    if (bytes.isEmpty()) {
      throw unknownVersion(name, version, versions(snapshot, name));
    }
    try {
      return Json.mapper().readValue(bytes.get(), ModelVersionCard.class);
    } catch (IOException e) {
      throw damaged(path, "cannot be parsed (" + e.getMessage() + ")", e);
    }
  }

  static List<ModelVersionCard> cards(RegistrySnapshot snapshot, String name)
      throws MlopsException {
    List<ModelVersionCard> cards = new ArrayList<>();
    for (int version : versions(snapshot, name)) {
      cards.add(card(snapshot, name, version));
    }
    return cards;
  }

  /** The aliases of {@code name}, sorted by alias; empty when none was ever set. */
  static TreeMap<String, AliasEntry> aliases(RegistrySnapshot snapshot, String name)
      throws MlopsException {
    String path = aliasesPath(name);
    Optional<byte[]> bytes = snapshot.read(path);
    if (bytes.isEmpty()) {
      return new TreeMap<>();
    }
    try {
      return Json.mapper().readValue(bytes.get(), ALIASES);
    } catch (IOException e) {
      throw damaged(path, "cannot be parsed (" + e.getMessage() + ")", e);
    }
  }

  /** The latest drift verdict of {@code name} v{@code version}; empty when none was recorded. */
  static Optional<DriftRecord> drift(RegistrySnapshot snapshot, String name, int version)
      throws MlopsException {
    String path = driftPath(name, version);
    Optional<byte[]> bytes = snapshot.read(path);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(bytes.get(), DriftRecord.class));
    } catch (IOException e) {
      throw damaged(path, "cannot be parsed (" + e.getMessage() + ")", e);
    }
  }

  /** The version that {@code versionOrAlias} ({@code v7}, {@code 7} or an alias) names. */
  static int resolve(RegistrySnapshot snapshot, String name, String versionOrAlias)
      throws MlopsException {
    if (versionOrAlias == null || versionOrAlias.isBlank()) {
      throw new InvalidInputException(
          "no version or alias given for model '"
              + name
              + "'; set version (e.g. v3) or alias (e.g. production)",
          versionOrAlias,
          Remedy.setting("version", "alias"));
    }
    if (looksLikeVersion(versionOrAlias)) {
      int version = dev.mlops.core.Names.parseVersion(versionOrAlias, "version");
      if (!versions(snapshot, name).contains(version)) {
        throw unknownVersion(name, version, versions(snapshot, name));
      }
      return version;
    }
    Map<String, AliasEntry> aliases = aliases(snapshot, name);
    AliasEntry entry = aliases.get(versionOrAlias);
    if (entry == null) {
      throw new InvalidInputException(
          "model '"
              + name
              + "' has no alias '"
              + versionOrAlias
              + "'; "
              + (aliases.isEmpty()
                  ? "it has no aliases yet; promote a version to " + versionOrAlias + " first"
                  : "existing aliases: " + String.join(", ", aliases.keySet())),
          versionOrAlias,
          aliases.isEmpty()
              ? Remedy.run(Stage.PROMOTE).orSetting("alias")
              : Remedy.setting("alias"));
    }
    return entry.version();
  }

  static InvalidInputException unknownVersion(String name, int version, List<Integer> versions) {
    String existing =
        versions.isEmpty()
            ? "it has no versions in the registry yet; register one (or, with push, fetch the"
                + " registry from its remote first)"
            : "existing versions: "
                + versions.stream().map(v -> "v" + v).collect(Collectors.joining(", "))
                + " (choose one of them)";
    return new InvalidInputException(
        "model '" + name + "' has no version v" + version + "; " + existing,
        "v" + version,
        versions.isEmpty()
            ? Remedy.run(Stage.REGISTER).orSetting("push")
            : Remedy.setting("version"));
  }

  static MlopsException damaged(String path, String problem, Exception cause) {
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
