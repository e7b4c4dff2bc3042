package org.fovea.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line on stdout, with the stable field names of DESIGN.md ("name", "value", "unit" …). */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A map that keeps insertion order, from alternating keys and values. */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /**
     * Adds a comparison with PyTorch in the fields DESIGN.md fixes: "peer", "peer_value" and "ratio" (Fovea's
     * speed ÷ the peer's, > 1 means Fovea is faster; null where either side has no figure).
     */
    public static void putPeer(Map<String, Object> object, Object peerValue, Double ratio) {
        object.put("peer", "pytorch");
        object.put("peer_value", peerValue);
        object.put("ratio", ratio);
    }

    public static void print(PrintStream out, Map<String, Object> object) {
        out.println(string(object));
    }

    public static String string(Map<String, Object> object) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
