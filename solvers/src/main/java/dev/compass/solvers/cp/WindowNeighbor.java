package dev.compass.solvers.cp;

import java.util.Random;
import org.chocosolver.solver.Solution;
import org.chocosolver.solver.exception.ContradictionException;
import org.chocosolver.solver.search.loop.lns.neighbors.INeighbor;
import org.chocosolver.solver.variables.IntVar;

/**
 * The neighbourhood of the LNS phase: a random window of {@code w} consecutive units keeps its cut
 * and target variables free, every other unit is fixed to the best plan. The window length is drawn
 * in {@code [2, min(n, 2 + 2*grow)]}; {@code grow} increases each time a neighbourhood is exhausted
 * without improvement ({@link #restrictLess}), so the windows widen when small ones stop paying.
 * This is the "re-draw the cuts of a random window" move of the genetic method, solved exactly inside
 * the window by the CP search. Seeded: the same seed gives the same sequence of windows.
 */
final class WindowNeighbor implements INeighbor {
  private final IntVar[] cut; // cut[0] is the constant 1
  private final IntVar[] tau;
  private final int n;
  private final int[] bestCut;
  private final int[] bestTau;
  private final Random random;
  private int grow = 3;

  WindowNeighbor(IntVar[] cut, IntVar[] tau, long seed) {
    this.cut = cut.clone();
    this.tau = tau.clone();
    this.n = tau.length;
    this.bestCut = new int[n];
    this.bestTau = new int[n];
    this.random = new Random(seed);
  }

  @Override
  public void recordSolution() {
    for (int u = 0; u < n; u++) {
      bestCut[u] = cut[u].getValue();
      bestTau[u] = tau[u].getValue();
    }
  }

  @Override
  public void loadFromSolution(Solution solution) {
    for (int u = 0; u < n; u++) {
      bestCut[u] = solution.getIntVal(cut[u]);
      bestTau[u] = solution.getIntVal(tau[u]);
    }
  }

  @Override
  public void fixSomeVariables() throws ContradictionException {
    int w = Math.min(n, 2 + random.nextInt(1 + 2 * grow));
    int a = random.nextInt(n - w + 1);
    for (int u = 0; u < n; u++) {
      if (u >= a && u < a + w) continue;
      cut[u].instantiateTo(bestCut[u], this);
      tau[u].instantiateTo(bestTau[u], this);
    }
  }

  @Override
  public void restrictLess() {
    if (2 + 2 * grow < n) grow++;
  }

  @Override
  public boolean isSearchComplete() {
    return false;
  }
}
