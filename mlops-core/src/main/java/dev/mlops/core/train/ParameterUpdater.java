package dev.mlops.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An optimizer whose state we own: NDArrays keyed by parameter name, so that a checkpoint can hold
 * it and a resumed run continues with exactly the same moments (DJL's optimizers keep theirs
 * private). Implemented with plain NDArray operations, in place, with the engine's gradient
 * recording off.
 *
 * <p>Like PyTorch, step counts are per weight: a weight first updated at global step {@code s} (a
 * backbone unfrozen after the head trained alone) counts its own steps from 1 there. The first step
 * of such a weight is kept as a state entry {@code first/<name>}; weights updated from step 1 have
 * none, so the state of runs that never freeze is what it was before per-weight counts.
 *
 * <p>Not thread-safe: one training loop owns it.
 */
public abstract sealed class ParameterUpdater implements AutoCloseable
    permits AdamUpdater, SgdUpdater {
  private static final int FORMAT = 1;

  private static final String FIRST_STEP = "first/";

  private final NDManager stateManager;
  private final Map<String, NDArray> state = new TreeMap<>();

  /** The global step of each weight's first update, read back from {@link #state} once. */
  private final Map<String, Long> firstSteps = new HashMap<>();

  private long steps;

  /**
   * Weights updated at one learning rate.
   *
   * @param weights (name, array with a gradient), in a fixed order
   * @param learningRate the rate of this step for these weights
   */
  public record Group(List<Pair<String, NDArray>> weights, double learningRate) {}

  /** Creates an updater whose state arrays live in a sub-manager of {@code manager}. */
  ParameterUpdater(NDManager manager) {
    this.stateManager = manager.newSubManager();
  }

  /** The updater the configuration asks for, with empty state. */
  public static ParameterUpdater create(TrainingConfig config, NDManager manager) {
    return switch (config.optimizer()) {
      case ADAM -> new AdamUpdater(manager, (float) config.weightDecay());
      case SGD -> new SgdUpdater(manager, (float) config.momentum(), (float) config.weightDecay());
    };
  }

  /** The number of steps taken so far (restored from a checkpoint by {@link #load}). */
  public long steps() {
    return steps;
  }

  /**
   * One optimisation step: for every named weight, reads its gradient, updates the weight in place
   * at {@code learningRate}, and zeroes the gradient (PyTorch accumulates gradients otherwise).
   * Temporary arrays are attached to {@code scratch}, which the caller closes after the step.
   *
   * @param weights the trainable parameters as (name, array with a gradient), in a fixed order
   */
  public void step(List<Pair<String, NDArray>> weights, double learningRate, NDManager scratch) {
    step(List.of(new Group(weights, learningRate)), scratch);
  }

  /** One optimisation step of several groups of weights, each at its own learning rate. */
  public void step(List<Group> groups, NDManager scratch) {
    steps++;
    for (Group group : groups) {
      for (Pair<String, NDArray> named : group.weights()) {
        NDArray weight = named.getValue();
        NDArray gradient = weight.getGradient();
        // The gradient wrapper belongs to the weight's manager; hand it to the step's scope.
        gradient.attach(scratch);
        update(named.getKey(), weight, gradient, (float) group.learningRate(), scratch);
        gradient.subi(gradient);
      }
    }
  }

  /**
   * The number of updates of weight {@code name} including the current one (PyTorch's per-weight
   * {@code step}). {@code kind} is a state array the rule creates on a weight's first update, so
   * its presence tells a weight updated since step 1 from one updated for the first time now.
   */
  final long weightSteps(String name, String kind) {
    Long first = firstSteps.get(name);
    if (first == null) {
      NDArray recorded = state.get(FIRST_STEP + name);
      if (recorded != null) {
        first = recorded.toLongArray()[0];
      } else if (state.containsKey(kind + "/" + name) || steps == 1) {
        first = 1L;
      } else {
        first = steps;
        state.put(FIRST_STEP + name, stateManager.create(new long[] {steps}));
      }
      firstSteps.put(name, first);
    }
    return steps - first + 1;
  }

  /**
   * Applies the rule to one weight. {@code gradient} may be modified; new arrays must be attached
   * to {@code scratch}.
   */
  abstract void update(
      String name, NDArray weight, NDArray gradient, float learningRate, NDManager scratch);

  /** The state array {@code kind} of weight {@code name}, created as zeros on first use. */
  final NDArray state(String kind, String name, NDArray like) {
    return state.computeIfAbsent(
        kind + "/" + name, k -> stateManager.zeros(like.getShape(), like.getDataType()));
  }

  /** Moves {@code array}, a result of an operation on a state array, into the step's scope. */
  static NDArray scoped(NDArray array, NDManager scratch) {
    array.attach(scratch);
    return array;
  }

  /** Writes the step count and every state array (sorted by key) in a stable binary form. */
  public void save(DataOutputStream out) throws IOException {
    out.writeInt(FORMAT);
    out.writeUTF(getClass().getSimpleName());
    out.writeLong(steps);
    out.writeInt(state.size());
    for (Map.Entry<String, NDArray> e : state.entrySet()) {
      out.writeUTF(e.getKey());
      byte[] encoded = e.getValue().encode();
      out.writeInt(encoded.length);
      out.write(encoded);
    }
  }

  /** Replaces the state with one written by {@link #save} of the same kind of updater. */
  public void load(DataInputStream in) throws IOException {
    int format = in.readInt();
    String kind = in.readUTF();
    if (format != FORMAT || !kind.equals(getClass().getSimpleName())) {
      throw new IOException(
          "optimizer state is " + kind + " format " + format + ", expected " + describe());
    }
    long loadedSteps = in.readLong();
    int n = in.readInt();
    Map<String, NDArray> loaded = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String key = in.readUTF();
      byte[] encoded = new byte[in.readInt()];
      in.readFully(encoded);
      loaded.put(key, stateManager.decode(encoded));
    }
    state.values().forEach(NDArray::close);
    state.clear();
    state.putAll(loaded);
    firstSteps.clear();
    steps = loadedSteps;
  }

  private String describe() {
    return getClass().getSimpleName() + " format " + FORMAT;
  }

  /** Frees the state arrays. */
  @Override
  public void close() {
    state.clear();
    firstSteps.clear();
    stateManager.close();
  }
}
