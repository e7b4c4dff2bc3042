package org.fovea.onnx;

/**
 * Every error this module reports about an ONNX file: {@link OnnxFormatException} when the file is malformed
 * or inconsistent (bad protobuf, missing initializer, shapes that do not fit), {@link OnnxUnsupportedException}
 * when it is valid ONNX that Fovea cannot run (an operator, opset, data type or attribute value). Import and
 * execution of a hostile file throw nothing else.
 */
public class OnnxException extends RuntimeException {
    public OnnxException(String message) { super(message); }

    public OnnxException(String message, Throwable cause) { super(message, cause); }
}
