package dev.mlops.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How to fix a failure, in terms that any front end can render: a {@link Stage} to run and the
 * settings (by key, e.g. {@code maxAccuracyDrop}) to change, most relevant first. The exception's
 * message says the same in words; this is its machine-readable part, which the Maven plugin turns
 * into a goal and a property and a server into a JSON field.
 *
 * @param stage the stage to run, or null
 * @param settings the keys of the settings to change, or empty
 */
public record Remedy(Stage stage, List<String> settings) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No stage and no setting: the message alone says what to do. */
  public static final Remedy NONE = new Remedy(null, List.of());

  /** Copies the settings. */
  public Remedy {
    settings = List.copyOf(settings);
  }

  /** Run {@code stage}. */
  public static Remedy run(Stage stage) {
    return new Remedy(stage, List.of());
  }

  /** Change one of {@code keys}. */
  public static Remedy setting(String... keys) {
    return new Remedy(null, List.of(keys));
  }

  /** This remedy, or else change one of {@code keys}. */
  public Remedy orSetting(String... keys) {
    List<String> all = new ArrayList<>(settings);
    all.addAll(List.of(keys));
    return new Remedy(stage, all);
  }
}
