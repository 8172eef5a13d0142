package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Networks, chips and cost models by name, each built once and shared between threads (a
 * {@link CostModel} is immutable; each thread takes its own scanner).
 */
public final class Problems {
  private final Function<String, Network> networks;
  private final Function<String, HardwareSpec> hardware;
  private final ConcurrentHashMap<String, FutureTask<?>> cache = new ConcurrentHashMap<>();

  /**
   * @param networks resolves a model name or file (throws {@link dev.compass.formulation.InputException} if unknown)
   * @param hardware resolves a preset name or file
   */
  public Problems(Function<String, Network> networks, Function<String, HardwareSpec> hardware) {
    this.networks = networks;
    this.hardware = hardware;
  }

  public Network network(String model) {
    return memo("n|" + model, () -> networks.apply(model));
  }

  public HardwareSpec hardware(String hw) {
    return memo("h|" + hw, () -> hardware.apply(hw));
  }

  /** The cost model of a model on a chip for a batch size. */
  public CostModel model(String model, String hw, int batch) {
    CostModel b1 = memo("m|" + model + "|" + hw, () -> CostModel.of(network(model), hardware(hw), 1));
    return memo("m|" + model + "|" + hw + "|" + batch, () -> b1.withBatch(batch));
  }

  /** The cost model of an instance. */
  public CostModel model(Instance i) {
    return model(i.model(), i.hardware(), i.batch());
  }

  @SuppressWarnings("unchecked")
  private <T> T memo(String key, java.util.concurrent.Callable<T> make) {
    FutureTask<?> mine = new FutureTask<>(make);
    FutureTask<?> task = cache.putIfAbsent(key, mine);
    if (task == null) {
      task = mine;
      mine.run();
    }
    try {
      return (T) task.get();
    } catch (ExecutionException e) {
      cache.remove(key, task); // let a later call try again and see the error itself
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error er) throw er;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building " + key, e);
    }
  }
}
