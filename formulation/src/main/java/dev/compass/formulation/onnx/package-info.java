/**
 * Import of ONNX models ({@link dev.compass.formulation.onnx.OnnxImporter}): protobuf wire reading
 * of the graph (never the weight payloads), static shape inference with constant folding of shape
 * arithmetic, and the mapping of ONNX nodes onto weighted operators, vector operators and views
 * (FORMULATION.md §2, §8.2, §8.3). See {@code docs/onnx.md}.
 */
package dev.compass.formulation.onnx;
