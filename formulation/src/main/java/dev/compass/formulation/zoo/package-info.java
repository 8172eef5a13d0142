/**
 * The model zoo: well-known networks built by code ({@link dev.compass.formulation.zoo.ModelZoo}),
 * one class per family, each documenting its source (torchvision 0.14 for the CNNs and ViT, HF
 * transformers configs for BERT, GPT-2 and LLaMA).
 */
package dev.compass.formulation.zoo;
