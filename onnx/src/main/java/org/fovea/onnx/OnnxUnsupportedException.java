package org.fovea.onnx;

/** Valid ONNX that Fovea cannot import or export: operators, opsets, data types or options (see {@link OnnxException}). */
public class OnnxUnsupportedException extends OnnxException {
    public OnnxUnsupportedException(String message) { super(message); }
}
