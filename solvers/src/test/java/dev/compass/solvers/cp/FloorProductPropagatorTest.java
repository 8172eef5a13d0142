package dev.compass.solvers.cp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.constraints.Constraint;
import org.chocosolver.solver.variables.IntVar;
import org.junit.jupiter.api.Test;

class FloorProductPropagatorTest {

  /** All solutions of z = floor((x+ox)(y+oy)/q) equal a direct enumeration of the arithmetic. */
  @Test
  void enumeratesExactlyTheSolutionsOfTheArithmetic() {
    long[][] params = {{0, 0, 1}, {0, 0, 3}, {2, 5, 7}, {0, 1000, 13}, {3, 0, 4}};
    for (long[] p : params) {
      Model model = new Model();
      IntVar x = model.intVar("x", 0, 9, true);
      IntVar y = model.intVar("y", 1, 8, true);
      IntVar z = model.intVar("z", 0, 40, true);
      new Constraint("FP", new FloorProductPropagator(x, y, z, p[0], p[1], p[2])).post();
      // a lower bound and an upper bound on z prune both factors
      model.arithm(z, ">=", 2).post();
      Set<String> found = new HashSet<>();
      Solver s = model.getSolver();
      while (s.solve()) found.add(x.getValue() + "," + y.getValue() + "," + z.getValue());
      Set<String> expected = new HashSet<>();
      for (long xv = 0; xv <= 9; xv++) {
        for (long yv = 1; yv <= 8; yv++) {
          long zv = (xv + p[0]) * (yv + p[1]) / p[2];
          if (zv >= 2 && zv <= 40) expected.add(xv + "," + yv + "," + zv);
        }
      }
      assertThat(found).as("ox=%d oy=%d q=%d", p[0], p[1], p[2]).isEqualTo(expected);
    }
  }
}
