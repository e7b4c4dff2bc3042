/**
 * ONNX import and export: {@link org.fovea.onnx.OnnxImporter} turns an ONNX graph into a trainable
 * {@link org.fovea.onnx.OnnxModel}, {@link org.fovea.onnx.OnnxExporter} writes a Fovea model as ONNX (opset 17).
 * The protobuf classes ({@code onnx.Onnx}) are generated at build time from the official onnx.proto.
 */
package org.fovea.onnx;
