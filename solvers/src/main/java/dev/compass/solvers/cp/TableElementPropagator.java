package dev.compass.solvers.cp;

import org.chocosolver.solver.constraints.Propagator;
import org.chocosolver.solver.constraints.PropagatorPriority;
import org.chocosolver.solver.exception.ContradictionException;
import org.chocosolver.solver.variables.IntVar;
import org.chocosolver.util.ESat;

/**
 * {@code value = table[index - offset]} with an enumerated index and a bounded value: removes index
 * values whose entry lies outside the value's bounds, then narrows the value to the least and largest
 * remaining entries (one pass reaches the fixpoint). Choco's own {@code element} keeps support sets
 * over the value's range, which is far too costly for scaled times with ranges of 1e7.
 */
final class TableElementPropagator extends Propagator<IntVar> {
  private final int[] table;
  private final int offset;

  TableElementPropagator(IntVar index, int[] table, int offset, IntVar value) {
    super(new IntVar[] {index, value}, PropagatorPriority.BINARY, false);
    this.table = table.clone();
    this.offset = offset;
  }

  @Override
  public void propagate(int evtmask) throws ContradictionException {
    IntVar index = vars[0];
    IntVar value = vars[1];
    int vl = value.getLB();
    int vu = value.getUB();
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    int ub = index.getUB();
    for (int i = index.getLB(); i <= ub; i = index.nextValue(i)) {
      int k = i - offset;
      int t = k >= 0 && k < table.length ? table[k] : Integer.MIN_VALUE;
      if (k < 0 || k >= table.length || t < vl || t > vu) {
        index.removeValue(i, this);
      } else {
        lo = Math.min(lo, t);
        hi = Math.max(hi, t);
      }
    }
    if (lo > hi) fails();
    value.updateBounds(lo, hi, this);
    if (index.isInstantiated()) setPassive();
  }

  @Override
  public ESat isEntailed() {
    if (!vars[0].isInstantiated()) return ESat.UNDEFINED;
    int k = vars[0].getValue() - offset;
    if (k < 0 || k >= table.length) return ESat.FALSE;
    if (!vars[1].isInstantiated()) return vars[1].contains(table[k]) ? ESat.UNDEFINED : ESat.FALSE;
    return ESat.eval(vars[1].getValue() == table[k]);
  }
}
