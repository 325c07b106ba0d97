package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.experiment.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the routing a {@link ModelLoader.Target} asks for: every version it needs restored, loaded
 * and warmed up before anything is swapped. A version the current routing already serves under the
 * same name is shared rather than loaded twice (the control of an experiment is usually the version
 * the alias served); a failure releases whatever was taken, so the current routing is untouched.
 */
final class RoutingLoader {
  private final ModelLoader loader;
  private final String alias;

  /**
   * @param alias the alias the server follows
   */
  RoutingLoader(ModelLoader loader, String alias) {
    this.loader = loader;
    this.alias = alias;
  }

  /** The first routing: the model directory when there is no target. */
  Routing first(ModelLoader.Target target) throws MlopsException {
    return target == null ? Routing.single(loader.loadDirectory()) : next(target, null);
  }

  /**
   * The routing for {@code target}, sharing the versions of {@code current} (null at start) it
   * needs.
   */
  Routing next(ModelLoader.Target target, Routing current) throws MlopsException {
    List<ServedModel> taken = new ArrayList<>(2);
    try {
      Experiment e = target.experiment();
      if (e == null) {
        return Routing.single(take(target.aliasVersion(), alias, current, taken));
      }
      ServedModel control = take(e.control().version(), Routing.label(e.control()), current, taken);
      ServedModel treatment =
          take(e.treatment().version(), Routing.label(e.treatment()), current, taken);
      return Routing.experiment(e, control, treatment);
    } catch (MlopsException | RuntimeException | LinkageError failure) {
      taken.forEach(ServedModel::retire);
      throw failure;
    }
  }

  /**
   * A version served as {@code label}: one already taken for the new routing, one of {@code
   * current} (with a new server reference), or a fresh load.
   */
  private ServedModel take(int version, String label, Routing current, List<ServedModel> taken)
      throws MlopsException {
    for (ServedModel model : taken) {
      if (same(model, version, label)) {
        return model;
      }
    }
    if (current != null) {
      for (ServedModel model : current.models()) {
        if (same(model, version, label) && model.acquire()) {
          taken.add(model);
          return model;
        }
      }
    }
    ServedModel loaded = loader.load(version, label);
    taken.add(loaded);
    return loaded;
  }

  private static boolean same(ServedModel model, int version, String label) {
    return model.info().version() == version && Objects.equals(model.info().alias(), label);
  }
}
