package org.fovea.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.TensorProto;
import org.fovea.tensor.Tensor;

/**
 * Conversion between ONNX TensorProtos and {@link Value}s. The element count is checked against the dims and
 * against the data actually present before anything is allocated, so a lying header cannot cause a large
 * allocation.
 */
public final class Tensors {
    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, BOOL = 9, FLOAT16 = 10,
            DOUBLE = 11, UINT32 = 12;

    private Tensors() {}

    /** Whether values of this ONNX element type become {@link Value.Floats}. */
    static boolean isFloat(int type) { return type == FLOAT || type == DOUBLE || type == FLOAT16; }

    /** Whether this element type can be read at all. */
    static boolean isSupported(int type) {
        return isFloat(type) || type == UINT8 || type == INT8 || type == UINT16 || type == INT16 || type == INT32 || type == INT64
                || type == BOOL || type == UINT32;
    }

    /** Bytes per element in raw_data. */
    private static int width(int type) {
        return switch (type) {
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16, FLOAT16 -> 2;
            case FLOAT, INT32, UINT32 -> 4;
            default -> 8;
        };
    }

    /** Reads a tensor; {@code what} names it in errors. */
    public static Value read(TensorProto t, String what) {
        int type = t.getDataType();
        if (!isSupported(type)) throw new OnnxUnsupportedException(what + ": element type " + typeName(type) + " is not supported");
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxUnsupportedException(what + ": tensors stored in external files are not supported");
        }
        long[] dimsL = new long[t.getDimsCount()];
        for (int i = 0; i < dimsL.length; i++) dimsL[i] = t.getDims(i);
        int[] shape = Limits.dims(dimsL, what);
        int n = (int) Limits.numel(dimsL, what);
        ByteString raw = t.getRawData();
        int present;
        if (t.hasRawData()) {
            present = raw.size() / width(type);
            if (raw.size() % width(type) != 0) present = -1;
        } else {
            present = switch (type) {
                case FLOAT -> t.getFloatDataCount();
                case DOUBLE -> t.getDoubleDataCount();
                case INT64 -> t.getInt64DataCount();
                case UINT32 -> t.getUint64DataCount();
                default -> t.getInt32DataCount();
            };
        }
        if (present != n) {
            throw new OnnxFormatException(what + ": shape " + java.util.Arrays.toString(shape) + " needs " + n + " values but the tensor holds "
                    + (present < 0 ? raw.size() + " bytes" : present));
        }
        ByteBuffer b = t.hasRawData() ? raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
        if (isFloat(type)) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = switch (type) {
                    case FLOAT -> b != null ? b.getFloat(4 * i) : t.getFloatData(i);
                    case DOUBLE -> (float) (b != null ? b.getDouble(8 * i) : t.getDoubleData(i));
                    default -> Float.float16ToFloat(b != null ? b.getShort(2 * i) : (short) t.getInt32Data(i));
                };
            }
            return Value.Floats.of(Tensor.wrap(f, shape));
        }
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = b == null ? (type == INT64 ? t.getInt64Data(i) : type == UINT32 ? t.getUint64Data(i) : t.getInt32Data(i)) : switch (type) {
                case UINT8, BOOL -> b.get(i) & 0xff;
                case INT8 -> b.get(i);
                case UINT16 -> b.getShort(2 * i) & 0xffff;
                case INT16 -> b.getShort(2 * i);
                case INT32 -> b.getInt(4 * i);
                case UINT32 -> b.getInt(4 * i) & 0xffffffffL;
                default -> b.getLong(8 * i);
            };
        }
        return new Value.Ints(l, shape, type);
    }

    /** A float32 tensor as a TensorProto (raw little-endian data, written without an intermediate copy). */
    public static TensorProto write(String name, Tensor t) {
        Tensor c = t.contiguous();
        float[] f = c.data();
        ByteBuffer b = ByteBuffer.allocate(4 * c.numel()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, n = c.numel(), o = c.offset(); i < n; i++) b.putFloat(f[o + i]);
        TensorProto.Builder p = TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .setRawData(com.google.protobuf.UnsafeByteOperations.unsafeWrap(b.array()));
        for (int d : t.shape()) p.addDims(d);
        return p.build();
    }

    /** An int64 tensor as a TensorProto. */
    public static TensorProto writeInt64(String name, long[] data, int... shape) {
        TensorProto.Builder p = TensorProto.newBuilder().setName(name).setDataType(INT64);
        for (long v : data) p.addInt64Data(v);
        for (int d : shape) p.addDims(d);
        return p.build();
    }

    static String typeName(int type) {
        TensorProto.DataType d = TensorProto.DataType.forNumber(type);
        return d == null ? "#" + type : d.name();
    }
}
