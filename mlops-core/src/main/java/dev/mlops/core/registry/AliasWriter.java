package dev.mlops.core.registry;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.eval.EvaluationMetrics;
import dev.mlops.core.git.CommitResult;
import dev.mlops.core.git.RegistryEdit;
import dev.mlops.core.git.RegistryPush;
import dev.mlops.core.git.RegistryRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Moves aliases: each move is one compare-and-swap commit of {@code aliases.json}, made only after
 * every stored artifact of the version the alias moves to has passed its hash check.
 */
final class AliasWriter {
  private final RegistryRepository registry;
  private final ArtifactCheck artifacts;
  private final Progress progress;

  AliasWriter(RegistryRepository registry, ArtifactCheck artifacts, Progress progress) {
    this.registry = registry;
    this.artifacts = artifacts;
    this.progress = progress;
  }

  /** Runs an alias change; with a {@code remote}, shared through it. */
  private PromoteResult run(RegistryPush.Change<PromoteResult> change, String remote)
      throws MlopsException {
    return new RegistryPush(registry, remote, progress)
        .run(change, "the alias move", "moving the alias again");
  }

  PromoteResult promote(
      String name, String alias, int to, ChampionGate gate, boolean force, String remote)
      throws MlopsException {
    // A commit attempt may run again after a lost race; metrics are computed once per version.
    Map<Integer, EvaluationMetrics> measured = new HashMap<>();
    Set<Integer> verified = new HashSet<>();
    PromoteResult result =
        run(() -> promoteOnce(name, alias, to, gate, force, measured, verified), remote);
    if (result.forced()) {
      progress.warn("Forced alias " + alias + " of model " + name + " past the champion gate");
    }
    return result;
  }

  private RegistryPush.Attempt<PromoteResult> promoteOnce(
      String name,
      String alias,
      int to,
      ChampionGate gate,
      boolean force,
      Map<Integer, EvaluationMetrics> measured,
      Set<Integer> verified)
      throws MlopsException {
    PromoteResult[] decided = new PromoteResult[1];
    CommitResult commit =
        registry.commit(
            snapshot -> {
              ModelVersionCard candidate = ModelPaths.card(snapshot, name, to);
              TreeMap<String, AliasEntry> aliases = ModelPaths.aliases(snapshot, name);
              AliasEntry entry = aliases.get(alias);
              if (entry != null && entry.version() == to) {
                decided[0] = new PromoteResult(name, alias, to, to, false, false, List.of());
                return RegistryEdit.none();
              }
              // Before the gate: a candidate that cannot be restored must not win on its metrics.
              verify(candidate, alias, entry, verified);
              List<String> rows = new ArrayList<>();
              boolean forced = false;
              if (entry != null) {
                ModelVersionCard holder = ModelPaths.card(snapshot, name, entry.version());
                forced = gate(alias, holder, candidate, gate, force, measured, rows);
              }
              aliases.put(alias, entry == null ? new AliasEntry(to, List.of()) : entry.movedTo(to));
              Integer from = entry == null ? null : entry.version();
              decided[0] = new PromoteResult(name, alias, from, to, true, forced, rows);
              String message =
                  message(
                          "promote",
                          name,
                          alias,
                          from == null ? "nothing" : "v" + from,
                          "to v" + to)
                      + (forced ? " (forced past the champion gate)" : "");
              return edit(name, aliases, message);
            });
    return new RegistryPush.Attempt<>(decided[0], commit);
  }

  PromoteResult rollback(String name, String alias, String remote) throws MlopsException {
    return run(() -> rollbackOnce(name, alias), remote);
  }

  private RegistryPush.Attempt<PromoteResult> rollbackOnce(String name, String alias)
      throws MlopsException {
    PromoteResult[] decided = new PromoteResult[1];
    CommitResult commit =
        registry.commit(
            snapshot -> {
              TreeMap<String, AliasEntry> aliases = ModelPaths.aliases(snapshot, name);
              AliasEntry entry = aliases.get(alias);
              if (entry == null || entry.history().isEmpty()) {
                throw nothingToRollBack(name, alias, entry);
              }
              AliasEntry back = entry.rolledBack();
              verify(
                  ModelPaths.card(snapshot, name, back.version()), alias, entry, new HashSet<>());
              aliases.put(alias, back);
              decided[0] =
                  new PromoteResult(
                      name, alias, entry.version(), back.version(), true, false, List.of());
              String message =
                  message(
                      "rollback", name, alias, "v" + entry.version(), "back to v" + back.version());
              return edit(name, aliases, message);
            });
    return new RegistryPush.Attempt<>(decided[0], commit);
  }

  /**
   * Hash-checks every stored artifact of {@code target} (once per version across commit attempts):
   * consumers of the alias restore them, so a damaged object must stop the move, not them.
   */
  private void verify(
      ModelVersionCard target, String alias, AliasEntry entry, Set<Integer> verified)
      throws ModelArtifactException {
    if (verified.contains(target.version())) {
      return;
    }
    artifacts.verify(
        target,
        "refusing to move alias "
            + alias
            + " of model "
            + target.name()
            + " to "
            + target.versionName(),
        "alias " + alias + (entry == null ? " stays unset" : " stays at v" + entry.version()));
    verified.add(target.version());
  }

  /** "promote NAME: WHO moved alias ALIAS from FROM TO": the audit line of {@code git log}. */
  private String message(String verb, String name, String alias, String from, String to) {
    return verb
        + " "
        + name
        + ": "
        + registry.actor()
        + " moved alias "
        + alias
        + " from "
        + from
        + " "
        + to;
  }

  private static InvalidInputException nothingToRollBack(
      String name, String alias, AliasEntry entry) {
    return new InvalidInputException(
        "alias "
            + alias
            + " of model '"
            + name
            + "' "
            + (entry == null
                ? "is not set"
                : "has no previous version (it was only ever v" + entry.version() + ")")
            + ", so there is nothing to roll back to; promote a version to "
            + alias
            + " instead",
        alias,
        Remedy.setting("version"));
  }

  /** Checks the gate; returns whether {@code force} overrode a refusal. */
  private static boolean gate(
      String alias,
      ModelVersionCard holder,
      ModelVersionCard candidate,
      ChampionGate gate,
      boolean force,
      Map<Integer, EvaluationMetrics> measured,
      List<String> rows)
      throws MlopsException {
    EvaluationMetrics held = measure(holder, gate, measured);
    EvaluationMetrics cand = measure(candidate, gate, measured);
    rows.add(row(alias + " (holder)", holder, held));
    rows.add(row("candidate", candidate, cand));
    if (gate.metrics() == MetricsSource.RECORDED && !holder.dataset().equals(candidate.dataset())) {
      rows.add(differentData(holder, candidate));
    }
    String refusal = refusal(holder, candidate, held, cand, gate.maxRegression());
    if (refusal == null) {
      return false;
    }
    if (force) {
      return true;
    }
    throw new InvalidInputException(
        "refusing to move alias "
            + alias
            + " of model '"
            + candidate.name()
            + "': "
            + refusal
            + "\n"
            + String.join("\n", rows)
            + "\nto move it anyway, force the promotion",
        candidate.versionName(),
        Remedy.setting("force"));
  }

  private static String differentData(ModelVersionCard holder, ModelVersionCard candidate) {
    return "  (recorded on different data: "
        + holder.dataset().name()
        + " v"
        + holder.dataset().version()
        + " vs "
        + candidate.dataset().name()
        + " v"
        + candidate.dataset().version()
        + "; re-evaluate both on the newest test split for a fair comparison)";
  }

  /** Why the gate refuses the candidate, or null when it passes. */
  private static String refusal(
      ModelVersionCard holder,
      ModelVersionCard candidate,
      EvaluationMetrics held,
      EvaluationMetrics cand,
      double maxRegression) {
    if (held == null || cand == null) {
      return (held == null ? holder : candidate).versionName()
          + " has no metrics to compare; register it with an evaluation report";
    }
    if (cand.accuracy() < held.accuracy() - maxRegression) {
      return String.format(
          Locale.ROOT,
          "%s is worse than %s by %.4f accuracy, more than the allowed %.4f",
          candidate.versionName(),
          holder.versionName(),
          held.accuracy() - cand.accuracy(),
          maxRegression);
    }
    return null;
  }

  private static EvaluationMetrics measure(
      ModelVersionCard card, ChampionGate gate, Map<Integer, EvaluationMetrics> measured)
      throws MlopsException {
    if (!measured.containsKey(card.version())) {
      measured.put(card.version(), gate.metrics().metrics(card));
    }
    return measured.get(card.version());
  }

  static String row(String role, ModelVersionCard card, EvaluationMetrics metrics) {
    if (metrics == null) {
      return String.format(Locale.ROOT, "  %-20s %-5s no metrics", role, card.versionName());
    }
    return String.format(
        Locale.ROOT,
        "  %-20s %-5s accuracy %.4f  macro F1 %.4f",
        role,
        card.versionName(),
        metrics.accuracy(),
        metrics.macroF1());
  }

  private static RegistryEdit edit(
      String name, TreeMap<String, AliasEntry> aliases, String message) {
    return new RegistryEdit(message, Map.of(ModelPaths.aliasesPath(name), Json.pretty(aliases)));
  }
}
