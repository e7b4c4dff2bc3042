package org.fovea.onnx;

/** The file is not valid ONNX, or its parts do not fit together (see {@link OnnxException}). */
public class OnnxFormatException extends OnnxException {
    public OnnxFormatException(String message) { super(message); }

    public OnnxFormatException(String message, Throwable cause) { super(message, cause); }
}
