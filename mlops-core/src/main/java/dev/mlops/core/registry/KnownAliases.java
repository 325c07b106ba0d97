package dev.mlops.core.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.git.RegistryRepository;
import java.io.IOException;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The aliases a model has ever had, from every version of its {@code aliases.json} on the registry
 * branch. Tells an alias that is unset now (it was removed, so nothing stands behind it yet) from
 * one that never existed (most likely a typo), which must not quietly turn a check off.
 */
final class KnownAliases {
  private static final TypeReference<Map<String, Object>> ENTRIES = new TypeReference<>() {};

  private KnownAliases() {}

  /** Every alias of {@code name} in the history of its aliases file, sorted. */
  static SortedSet<String> of(RegistryRepository registry, String name) throws MlopsException {
    SortedSet<String> known = new TreeSet<>();
    String path = ModelPaths.aliasesPath(name);
    for (byte[] version : registry.history(path)) {
      try {
        known.addAll(Json.mapper().readValue(version, ENTRIES).keySet());
      } catch (IOException e) {
        throw ModelPaths.damaged(path, "has a version that cannot be parsed (" + e + ")", e);
      }
    }
    return known;
  }

  /**
   * Fails when model {@code name} has had aliases but never {@code alias}. A model that never had
   * any alias passes: its first version must be registrable with the regression gate configured.
   *
   * @throws InvalidInputException naming the alias and the known ones, for the {@code compareTo}
   *     setting
   */
  static void requireEverSet(RegistryRepository registry, String name, String alias)
      throws MlopsException {
    SortedSet<String> known = of(registry, name);
    if (known.isEmpty() || known.contains(alias)) {
      return;
    }
    throw new InvalidInputException(
        "model "
            + name
            + " has never had an alias '"
            + alias
            + "' (known aliases: "
            + String.join(", ", known)
            + "); compare with one of them, or promote a version to "
            + alias
            + " first",
        alias,
        Remedy.setting("compareTo"));
  }
}
