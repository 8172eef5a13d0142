package dev.compass.solvers.cp;

import org.chocosolver.solver.constraints.Propagator;
import org.chocosolver.solver.constraints.PropagatorPriority;
import org.chocosolver.solver.exception.ContradictionException;
import org.chocosolver.solver.variables.IntVar;
import org.chocosolver.util.ESat;

/**
 * Bounds propagator for {@code z = floor((x + ox) * (y + oy) / q)} over non-negative {@code x, y}
 * with constant offsets {@code ox, oy >= 0} and divisor {@code q >= 1}, computed in {@code long}.
 *
 * <p>Choco's integer domains stop at {@link IntVar#MAX_INT_BOUND} (about 2.1e7), so the product of two
 * scaled quantities (EDP = E*T) does not fit {@code times}; this constraint keeps both factors at full
 * resolution and divides the product by {@code q} so that {@code z} fits. Since every quantity is
 * non-negative, the product is monotone in both factors and bounds reasoning is exact:
 *
 * <pre>
 *   z in [ floor(xl*yl/q), floor(xu*yu/q) ]
 *   x >= ceil(zl*q / yu),   x <= floor(((zu+1)*q - 1) / yl)     (yl > 0)
 *   y >= ceil(zl*q / xu),   y <= floor(((zu+1)*q - 1) / xl)     (xl > 0)
 * </pre>
 *
 * (with {@code xl = x.lb + ox} and so on). Products stay below 2^63 because the factors are below
 * about 2^26 and the offsets are checked by the caller.
 */
final class FloorProductPropagator extends Propagator<IntVar> {
  private final long ox;
  private final long oy;
  private final long q;

  FloorProductPropagator(IntVar x, IntVar y, IntVar z, long ox, long oy, long q) {
    super(new IntVar[] {x, y, z}, PropagatorPriority.TERNARY, false);
    if (ox < 0 || oy < 0 || q < 1) throw new IllegalArgumentException("offsets must be >= 0 and q >= 1");
    this.ox = ox;
    this.oy = oy;
    this.q = q;
  }

  @Override
  public void propagate(int evtmask) throws ContradictionException {
    IntVar x = vars[0];
    IntVar y = vars[1];
    IntVar z = vars[2];
    boolean changed;
    do {
      changed = false;
      long xl = x.getLB() + ox;
      long xu = x.getUB() + ox;
      long yl = y.getLB() + oy;
      long yu = y.getUB() + oy;
      changed |= z.updateBounds(clamp(xl * yl / q), clamp(xu * yu / q), this);
      long zl = z.getLB();
      long zu = z.getUB();
      if (yu > 0) changed |= x.updateLowerBound(clamp(ceilDiv(zl * q, yu) - ox), this);
      if (yl > 0) changed |= x.updateUpperBound(clamp(((zu + 1) * q - 1) / yl - ox), this);
      xl = x.getLB() + ox;
      xu = x.getUB() + ox;
      if (xu > 0) changed |= y.updateLowerBound(clamp(ceilDiv(zl * q, xu) - oy), this);
      if (xl > 0) changed |= y.updateUpperBound(clamp(((zu + 1) * q - 1) / xl - oy), this);
    } while (changed);
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  private static int clamp(long v) {
    return (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, v));
  }

  @Override
  public ESat isEntailed() {
    if (!isCompletelyInstantiated()) return ESat.UNDEFINED;
    long p = (vars[0].getValue() + ox) * (vars[1].getValue() + oy) / q;
    return ESat.eval(p == vars[2].getValue());
  }
}
