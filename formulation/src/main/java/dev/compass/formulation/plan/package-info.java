/** Objectives and partition plans (FORMULATION.md §4–5). */
package dev.compass.formulation.plan;
