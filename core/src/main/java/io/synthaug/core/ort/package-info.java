/**
 * Running ONNX models with ONNX Runtime: one shared environment, sessions that use the CUDA provider
 * when it works and fall back to the CPU with one log line when it does not
 * ({@link io.synthaug.core.ort.OrtRuntime}), a sampler for exported class-conditional generators
 * ({@link io.synthaug.core.ort.OrtGeneratorSampler}) and a runner for single-input float models
 * ({@link io.synthaug.core.ort.OrtModel}).
 */
package io.synthaug.core.ort;
