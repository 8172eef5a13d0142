package dev.compass.solvers.cp;

import dev.compass.formulation.plan.Objective;

/**
 * How the CP model turns seconds and joules into integers (Choco's domains end near 2.1e7).
 *
 * <p>Every constant is rounded <em>down</em> ({@code floor(x/q * (1 - 1e-12))}), and the model only
 * adds, takes maxima and multiplies non-negative quantities, so for every plan
 * {@code offset + objectiveQuantum * Z(plan) <= objective(plan)}: the scaled objective {@code Z} is
 * a lower bound of the true one. The window {@code [0, timeMax]} / {@code [0, energyMax]} holds every
 * plan whose objective is at most the incumbent's (see {@link #of}).
 *
 * @param needTime the objective depends on latency (LATENCY, EDP, WEIGHTED, or static power)
 * @param needEnergy the objective depends on the plan-dependent energy
 * @param timeQuantum seconds per time unit {@code q}
 * @param timeMax largest latency in time units
 * @param energyQuantum joules per energy unit {@code qE}
 * @param energyMax largest plan-dependent energy in energy units
 * @param energyConstQ EDP only: the plan-independent energy in energy units (rounded down)
 * @param productDivisor EDP only: {@code Z = floor(Tq * (Eq + energyConstQ) / productDivisor)}
 * @param staticNum static (and lambda) energy of {@code Tq} time units is {@code floor(Tq*staticNum/staticDen)}
 * @param staticDen see {@code staticNum}
 * @param offset objective = offset + objectiveQuantum * Z at best (plan-independent energy for ENERGY/WEIGHTED)
 * @param objectiveQuantum objective units per unit of Z
 * @param timeFloor the roofline latency bound in time units (rounded down): every plan's {@code Tq} is at least this
 */
record Scaling(boolean needTime, boolean needEnergy, double timeQuantum, int timeMax, double energyQuantum, int energyMax,
    long energyConstQ, long productDivisor, long staticNum, long staticDen, double offset, double objectiveQuantum,
    int timeFloor) {

  /** Scaled quantities are kept below this many units (half of Choco's bound, for sums' headroom). */
  static final int RANGE = 10_000_000;

  /**
   * The scaling for an objective given an upper bound on its optimum.
   *
   * @param incumbent the objective of a known plan (the optimum is at most this)
   * @param energyConst plan-independent energy: compute, weight DRAM traffic and attention, joules
   * @param latencyLowerBound a lower bound on any plan's latency (the roofline, FORMULATION.md §8.12)
   * @param pStatic static power, watts
   */
  static Scaling of(Objective objective, double incumbent, double energyConst, double latencyLowerBound, double pStatic) {
    double ub = incumbent * (1 + 1e-9);
    double tMaxS;
    double eVarMax;
    double weight; // joules per second charged with T inside the energy variable
    boolean needTime;
    boolean needEnergy;
    switch (objective.kind()) {
      case LATENCY -> {
        needTime = true;
        needEnergy = false;
        tMaxS = ub;
        eVarMax = 0;
        weight = 0;
      }
      case ENERGY, WEIGHTED -> {
        weight = pStatic + (objective.kind() == Objective.Kind.WEIGHTED ? objective.lambda() : 0);
        needTime = weight > 0;
        needEnergy = true;
        eVarMax = Math.max(0, ub - energyConst);
        tMaxS = needTime ? eVarMax / weight : 0;
      }
      case EDP -> {
        needTime = true;
        needEnergy = true;
        weight = pStatic;
        tMaxS = ub / energyConst;
        eVarMax = ub / latencyLowerBound; // total energy here, the constant is added below
      }
      default -> throw new IllegalArgumentException(objective.toString());
    }
    double q = needTime && tMaxS > 0 ? tMaxS / RANGE : 1;
    int timeMax = needTime ? RANGE + 1 : 0;
    double qE = eVarMax > 0 ? eVarMax / RANGE : 1;
    int energyMax = RANGE + 1;
    long staticNum = 0;
    long staticDen = 1;
    if (needTime && weight > 0) {
      double r = weight * q / qE; // energy units per time unit
      staticDen = 1;
      while (staticDen < (1L << 30) && r * staticDen * 2 <= RANGE) staticDen *= 2;
      staticNum = (long) Math.min(RANGE, Math.floor(r * staticDen * CpModel.DOWN));
    }
    long energyConstQ = 0;
    long productDivisor = 1;
    double offset;
    double objectiveQuantum;
    switch (objective.kind()) {
      case LATENCY -> {
        offset = 0;
        objectiveQuantum = q;
      }
      case EDP -> {
        energyConstQ = (long) Math.floor(energyConst / qE * CpModel.DOWN);
        productDivisor = Math.max(1, (long) Math.ceil((double) timeMax * (energyMax + energyConstQ) / RANGE));
        offset = 0;
        objectiveQuantum = q * qE * productDivisor;
      }
      default -> {
        offset = energyConst;
        objectiveQuantum = qE;
      }
    }
    int timeFloor = needTime ? (int) Math.min(RANGE, Math.max(0, Math.floor(latencyLowerBound / q * CpModel.DOWN))) : 0;
    return new Scaling(needTime, needEnergy, q, timeMax, qE, energyMax, energyConstQ, productDivisor, staticNum, staticDen,
        offset, objectiveQuantum, timeFloor);
  }

  /** {@code floor(x/quantum*(1-1e-12))}, clamped to {@code [0, cap]}. */
  int down(double x, double quantum, int cap) {
    double v = Math.floor(x / quantum * CpModel.DOWN);
    if (!(v > 0)) return 0;
    return (int) Math.min(cap, v);
  }

  /** A lower bound on the true objective of every plan whose scaled objective is at least {@code z}. */
  double lowerBound(long z) {
    return (offset + objectiveQuantum * z) * CpModel.DOWN;
  }

  /** The largest {@code Z} a plan with true objective at most {@code value} can have (with slack). */
  int cut(double value) {
    double z = Math.floor((value - offset * CpModel.DOWN) / objectiveQuantum * (1 + 1e-9)) + 1;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE / 4, z));
  }
}
