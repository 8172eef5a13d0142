/** Studies that compare solvers over grids of models and chips ({@link dev.compass.bench.study.IlpStudy}). */
package dev.compass.bench.study;
