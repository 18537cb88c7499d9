package io.synthaug.plugins.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import io.synthaug.core.ml.MathWarmup;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * In a process of its own, where {@link MathWarmup} has not run: the engine's open base managers
 * before, while a trainer is open, and after a trainer fails to construct on a device PyTorch
 * cannot allocate on (Apple's MPS, absent here), whose first allocation is the warm-up's.
 */
final class ManagerLeakProbe {

  private ManagerLeakProbe() {
  }

  public static void main(String[] args) throws Exception {
    NDManager probe = Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
    NDManager system = probe.getParentManager();
    probe.close();
    int before = managers(system);
    String failure;
    try (DjlGanTrainer t = DjlGanTrainer.create(TinyGan.config(GanFamily.CGAN).build(), TinyGan.data(48),
        Device.of("mps", 0))) {
      failure = "none";
    } catch (RuntimeException e) {
      failure = e.getClass().getSimpleName();
    }
    boolean warmedUp = MathWarmup.hasRun();
    int afterFailure = managers(system);
    int whileOpen;
    try (DjlGanTrainer t = TinyGan.trainer(TinyGan.config(GanFamily.CGAN).build())) {
      whileOpen = managers(system);
    }
    System.out.println(failure + " " + warmedUp + " " + before + " " + afterFailure + " " + whileOpen + " "
        + managers(system));
  }

  /** The managers {@code system} holds: every base manager not yet closed. */
  private static int managers(NDManager system) throws ReflectiveOperationException {
    Field resources = BaseNDManager.class.getDeclaredField("resources");
    resources.setAccessible(true);
    int n = 0;
    for (Object r : ((Map<?, ?>) resources.get(system)).values()) {
      if (r instanceof NDManager) {
        n++;
      }
    }
    return n;
  }
}
