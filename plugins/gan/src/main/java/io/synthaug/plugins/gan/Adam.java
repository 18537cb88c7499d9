package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adam over a fixed list of parameters, with its moments held in two flat arrays of its own so
 * that a checkpoint can store and restore them (DJL's optimizer keeps them out of reach).
 *
 * <p>The update is PyTorch's: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}, eps = 1e-8. It must run
 * outside a gradient collector: it writes into the parameters in place.
 */
final class Adam {

  private static final double EPS = 1e-8;

  private final List<Parameter> parameters = new ArrayList<>();
  /** Where each parameter after the first starts in the flat arrays. */
  private final long[] offsets;
  /**
   * Both moments of all parameters, each one flat array in parameter order, so an update is a few
   * large ops.
   */
  private final NDArray firstMoment;
  private final NDArray secondMoment;
  private final double lr;
  private final double beta1;
  private final double beta2;
  private long steps;

  /** Adam for the trainable parameters of {@code all}, moments on {@code manager}. */
  Adam(List<Parameter> all, NDManager manager, double lr, double beta1, double beta2) {
    for (Parameter p : all) {
      if (p.requiresGradient()) {
        parameters.add(p);
      }
    }
    this.offsets = new long[Math.max(0, parameters.size() - 1)];
    long total = 0;
    for (int i = 0; i < parameters.size(); i++) {
      total += parameters.get(i).getArray().size();
      if (i < offsets.length) {
        offsets[i] = total;
      }
    }
    DataType type = parameters.isEmpty() ? DataType.FLOAT32 : parameters.get(0).getArray().getDataType();
    Device device = parameters.isEmpty() ? manager.getDevice() : parameters.get(0).getArray().getDevice();
    this.firstMoment = manager.zeros(new Shape(total), type, device);
    this.secondMoment = manager.zeros(new Shape(total), type, device);
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  /**
   * Applies one update from the parameters' current gradients; temporaries go to {@code step}.
   * The gradients are gathered into one flat array, so the moment arithmetic is a dozen engine
   * ops on all parameters at once instead of a dozen per parameter (each opens a parallel region
   * on two threads); only the final subtraction stays per parameter. Element by element it is
   * the same arithmetic, so the weights are the same bits (BENCHMARKS.md, "Adam on one flat
   * array").
   */
  void update(NDManager step) {
    steps++;
    if (parameters.isEmpty()) {
      return;
    }
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = Math.sqrt(1 - Math.pow(beta2, steps));
    float stepSize = (float) (lr / correction1);
    NDList grads = new NDList(parameters.size());
    for (Parameter p : parameters) {
      grads.add(GanOps.local(GanOps.local(p.getArray().getGradient(), step).reshape(-1), step));
    }
    NDArray g = GanOps.local(NDArrays.concat(grads), step);
    firstMoment.muli(beta1).addi(g.mul(1 - beta1));
    secondMoment.muli(beta2).addi(g.square().muli(1 - beta2));
    NDArray denom = GanOps.local(secondMoment.sqrt(), step).divi(correction2).addi(EPS);
    NDArray delta = GanOps.local(firstMoment.div(denom), step).muli(stepSize);
    NDList pieces = offsets.length == 0 ? new NDList(delta) : delta.split(offsets);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      w.subi(GanOps.local(GanOps.local(pieces.get(i), step).reshape(w.getShape()), step));
    }
  }

  /** Updates done so far. */
  long steps() {
    return steps;
  }

  /** The moments as named tensors {@code <prefix>.m.<param>} and {@code <prefix>.v.<param>}. */
  List<NamedTensor> state(String prefix) {
    float[] m = firstMoment.toFloatArray();
    float[] v = secondMoment.toFloatArray();
    List<NamedTensor> out = new ArrayList<>();
    int at = 0;
    for (Parameter p : parameters) {
      long[] shape = p.getArray().getShape().getShape();
      int n = Math.toIntExact(p.getArray().size());
      out.add(new NamedTensor(prefix + ".m." + p.getName(), shape, Arrays.copyOfRange(m, at, at + n)));
      out.add(new NamedTensor(prefix + ".v." + p.getName(), shape, Arrays.copyOfRange(v, at, at + n)));
      at += n;
    }
    return out;
  }

  /** Restores the moments written by {@link #state} and the update count. */
  void restore(String prefix, GanCheckpoint checkpoint, long updates) {
    GanOps.assign(firstMoment, gather(prefix + ".m.", checkpoint));
    GanOps.assign(secondMoment, gather(prefix + ".v.", checkpoint));
    steps = updates;
  }

  /** The checkpoint's tensors {@code <prefix><param>}, checked against the parameters' shapes, end to end. */
  private float[] gather(String prefix, GanCheckpoint checkpoint) {
    float[] flat = new float[Math.toIntExact(firstMoment.size())];
    int at = 0;
    for (Parameter p : parameters) {
      NamedTensor t = checkpoint.tensor(prefix + p.getName());
      GanOps.checkShape(p.getArray().getShape(), t);
      System.arraycopy(t.values(), 0, flat, at, t.values().length);
      at += t.values().length;
    }
    return flat;
  }
}
