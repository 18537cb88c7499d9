package io.synthaug.plugins.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over a fixed list of parameters, with its moments held in plain arrays so that a
 * checkpoint can store and restore them (DJL's optimizer keeps them out of reach).
 *
 * <p>The update is PyTorch's: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}, eps = 1e-8. It must run
 * outside a gradient collector: it writes into the parameters in place.
 */
final class Adam {

  private static final double EPS = 1e-8;

  private final List<Parameter> parameters = new ArrayList<>();
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final double lr;
  private final double beta1;
  private final double beta2;
  private long steps;

  /** Adam for the trainable parameters of {@code all}, moments on {@code manager}. */
  Adam(List<Parameter> all, NDManager manager, double lr, double beta1, double beta2) {
    for (Parameter p : all) {
      if (p.requiresGradient()) {
        parameters.add(p);
        NDArray w = p.getArray();
        firstMoments.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        secondMoments.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
      }
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  /** Applies one update from the parameters' current gradients; temporaries go to {@code step}. */
  void update(NDManager step) {
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = Math.sqrt(1 - Math.pow(beta2, steps));
    float stepSize = (float) (lr / correction1);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      NDArray g = GanOps.local(w.getGradient(), step);
      NDArray m = firstMoments.get(i);
      NDArray v = secondMoments.get(i);
      m.muli(beta1).addi(g.mul(1 - beta1));
      v.muli(beta2).addi(g.square().muli(1 - beta2));
      NDArray denom = GanOps.local(v.sqrt(), step).divi(correction2).addi(EPS);
      w.subi(GanOps.local(m.div(denom), step).muli(stepSize));
    }
  }

  /** Updates done so far. */
  long steps() {
    return steps;
  }

  /** The moments as named tensors {@code <prefix>.m.<param>} and {@code <prefix>.v.<param>}. */
  List<NamedTensor> state(String prefix) {
    List<NamedTensor> out = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i).getName();
      out.add(GanOps.toTensor(prefix + ".m." + name, firstMoments.get(i)));
      out.add(GanOps.toTensor(prefix + ".v." + name, secondMoments.get(i)));
    }
    return out;
  }

  /** Restores the moments written by {@link #state} and the update count. */
  void restore(String prefix, GanCheckpoint checkpoint, long updates) {
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i).getName();
      GanOps.load(firstMoments.get(i), checkpoint.tensor(prefix + ".m." + name));
      GanOps.load(secondMoments.get(i), checkpoint.tensor(prefix + ".v." + name));
    }
    steps = updates;
  }
}
