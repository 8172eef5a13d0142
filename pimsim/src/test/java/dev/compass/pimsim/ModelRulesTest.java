package dev.compass.pimsim;

import static dev.compass.pimsim.Fixtures.chip;
import static dev.compass.pimsim.Fixtures.map;
import static dev.compass.pimsim.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.mapping.Mapping;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The test oracle's version-2 terms by hand on the {@link Fixtures} chip (one MVM = 2 us, 1 MAC/us,
 * bwDram = 8 B/us unless said), where version 1 gives other numbers: the one vector unit in
 * {@code tau} and {@code F}, and the first image's loads in {@code f_s}.
 */
class ModelRulesTest {
  private static final double US = 1e-6;
  private static final Offset<Double> T = within(1e-12);

  @Test
  void oneVectorUnitBoundsTauAndFill() {
    // q and k: Dense 16 -> 8 on [1, 4, 16], P = 4 (8 us of MVMs), each with 40 MACs of attention (40 us):
    // t_q = t_k = 48 us, V = 80 us, so tau = max(48, 80) = 80 and F = max(f_q, f_k, V) = 80 us
    // (v1: tau = F = 48 us). Loads: x, 64 elements x 2 bits = 16 B (2 us) for each of q and k, below t.
    Mapping m = map(Fixtures.twoHeads(), chip(Allocation.ARRAY));
    ModelRules mr = ModelRules.of(m, single(2), 0);
    assertThat(mr.tau).isCloseTo(80 * US, T);
    assertThat(mr.fill).isCloseTo(80 * US, T);
    // x loaded once, the two score tensors (16 elements x 2 bits = 4 B each) stored: 24 B per image
    assertThat(mr.ioBytesPerImage).isEqualTo(24.0);
  }

  @Test
  void firstImageWaitsForItsLoads() {
    // chain2 at bwDram = 0.5 B/us: conv1 loads x (128 elements x 2 bits = 32 B) in 64 us > t = 16 MVMs x 2 us
    // = 32 us, so f_conv1 = 64 us and f_conv2 = 64 + 32 = 96 us = F (v1: F = 32 + 32 = 64 us); tau = 32 us.
    Mapping m = map(Fixtures.chain2(), chip(Allocation.ARRAY, 1e-7, 1, 5e5));
    ModelRules mr = ModelRules.of(m, single(2), 0);
    assertThat(mr.tau).isCloseTo(32 * US, T);
    assertThat(mr.fill).isCloseTo(96 * US, T);
    // the same loads at 8 B/us (4 us) do not bind: F = 64 us
    assertThat(ModelRules.of(map(Fixtures.chain2(), chip(Allocation.ARRAY)), single(2), 0).fill).isCloseTo(64 * US, T);
  }
}
