package org.fovea.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.nn.Module;
import org.fovea.optim.Optimizer;
import org.fovea.tensor.Tensor;

/**
 * What the driver sends to every task at the start of an epoch and what rank 0 sends back at its end: the
 * model's state dict (parameters and buffers such as BatchNorm's running statistics), the optimiser's state
 * (momentum, Adam's moments), its learning rate and the global step. Travels as a byte array, so Spark's
 * serializer (Java or Kryo) never sees the classes.
 */
record ReplicaState(Map<String, Array> model, Map<String, Array> optimizer, double lr, long globalStep) implements Serializable {
    record Array(int[] shape, float[] data) implements Serializable {
        static Array of(Tensor t) { return new Array(t.shape(), t.toArray()); }

        Tensor tensor() { return Tensor.wrap(data.clone(), shape); }
    }

    static ReplicaState of(Module model, Optimizer optimizer, long globalStep) {
        return new ReplicaState(arrays(model.stateDict()), arrays(optimizer.stateDict()), optimizer.lr(), globalStep);
    }

    /** Loads this state into a freshly built replica. */
    void applyTo(Module model, Optimizer optimizer) {
        model.loadStateDict(tensors(this.model));
        if (!this.optimizer.isEmpty()) optimizer.loadStateDict(tensors(this.optimizer));
        optimizer.setLr(lr);
    }

    static Map<String, Array> arrays(Map<String, Tensor> dict) {
        Map<String, Array> out = new LinkedHashMap<>();
        dict.forEach((k, t) -> out.put(k, Array.of(t)));
        return out;
    }

    static Map<String, Tensor> tensors(Map<String, Array> dict) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        dict.forEach((k, a) -> out.put(k, a.tensor()));
        return out;
    }

    byte[] toBytes() { return serialize(this); }

    /** Java serialisation to a byte array. */
    static byte[] serialize(Serializable value) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T deserialize(byte[] bytes, Class<T> type) {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return type.cast(in.readObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
