package dev.mlops.maven;

import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a core {@link Remedy} for Maven users: its stage as the command to run, its setting keys
 * as the POM element and property of the failing goal. The core's message says the same in words;
 * this adds how to do it here, e.g. {@code " (<maxAccuracyDrop> in the plugin configuration, or
 * -Dmlops.drift-check.maxAccuracyDrop=...)"}.
 */
final class Remedies {
  private Remedies() {}

  /** The text to append to a core message of {@code goal}; empty when there is nothing to add. */
  static String render(String goal, Remedy remedy) {
    List<String> parts = new ArrayList<>();
    if (remedy.stage() != null) {
      parts.add("`" + command(remedy.stage()) + "`");
    }
    List<PluginParameters.Parameter> params =
        remedy.settings().stream()
            .map(key -> PluginParameters.get().find(goal, key))
            .flatMap(java.util.Optional::stream)
            .toList();
    if (!params.isEmpty()) {
      parts.add(settings(params));
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }

  /** The command that runs {@code stage}: its goal, or the phase that runs it with its inputs. */
  static String command(Stage stage) {
    PluginParameters p = PluginParameters.get();
    return switch (stage) {
      case VALIDATE_DATA -> "mvn mlops:validate-data";
      case VERSION_DATA -> "mvn mlops:version-data";
      case TRAIN -> "mvn mlops:train";
      // Export and register need the trained (and evaluated) model: the phases bring it along.
      case EXPORT -> "mvn package";
      case EVALUATE -> "mvn mlops:evaluate";
      case REGISTER -> "mvn install";
      case PROMOTE ->
          "mvn mlops:promote "
              + p.cli("promote", "version", "vN")
              + " "
              + p.cli("promote", "alias", "NAME");
      case DRIFT_CHECK -> "mvn mlops:drift-check " + p.cli("drift-check", "incoming", "DIR");
    };
  }

  private static String settings(List<PluginParameters.Parameter> params) {
    String elements =
        params.stream().map(p -> "<" + p.name() + ">").collect(Collectors.joining(" or "));
    String properties =
        params.stream()
            .filter(p -> p.property() != null)
            .map(p -> "-D" + p.property() + "=" + example(p))
            .collect(Collectors.joining(" or "));
    return elements
        + " in the plugin configuration"
        + (properties.isEmpty() ? "" : ", or " + properties);
  }

  /** A switch is set to the other value than its default; anything else is left to the user. */
  private static String example(PluginParameters.Parameter p) {
    if (p.isBoolean() && p.defaultValue() != null) {
      return Boolean.toString(!Boolean.parseBoolean(p.defaultValue()));
    }
    return "...";
  }
}
