package dev.compass.solvers.certificate;

import java.util.OptionalDouble;

/**
 * A certificate as read from its file: the proof, and the values the file states beside it. The stated values are
 * claims: {@link CertificateChecker#check(dev.compass.costmodel.CostModel, dev.compass.formulation.plan.Objective,
 * dev.compass.formulation.plan.PartitionPlan, CertificateFile, double)} accepts a file only when the proof supports
 * them, so a verified file never carries a number its proof does not back.
 *
 * @param certificate the facets and their potentials
 * @param planObjective the plan's objective the file states ({@code planObjective}), if it states one
 * @param lowerBound the lower bound the file states ({@code lowerBound}), if it states one
 */
public record CertificateFile(DualCertificate certificate, OptionalDouble planObjective, OptionalDouble lowerBound) {}
