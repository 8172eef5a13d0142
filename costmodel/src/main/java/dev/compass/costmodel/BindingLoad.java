package dev.compass.costmodel;

/**
 * The first-image load that binds a partition's fill (FORMULATION.md §4 v2): the stage on the fill's
 * critical path whose loads for the first image arrive after it could otherwise have finished it,
 * {@code f_s = L_s/bwDram > t_s + max_pred f_p}.
 *
 * @param stage the stage's name
 * @param stageIndex its index in the linear order
 * @param bytesPerImage {@code L_s}: bytes the stage loads per image in this partition
 * @param seconds {@code L_s / bwDram}: when the last of those bytes has arrived
 */
public record BindingLoad(String stage, int stageIndex, double bytesPerImage, double seconds) {}
