/**
 * Writing and reading ONNX model files without generated protobuf classes.
 *
 * <p>{@link io.synthaug.core.onnx.OnnxGraphBuilder} encodes the few ONNX messages a feed-forward
 * network needs straight onto the protobuf wire format, with deterministic bytes;
 * {@link io.synthaug.core.onnx.OnnxLayers} adds the layer conventions (NCHW, PyTorch weight
 * layouts) an exporter of DJL models follows; {@link io.synthaug.core.onnx.OnnxModelInfo} reads a
 * model's header, graph signature and metadata back for provenance checks.
 */
package io.synthaug.core.onnx;
