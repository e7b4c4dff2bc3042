package org.fovea.autograd;

/**
 * Whether ops record the graph, per thread (as torch.no_grad). Use as a scope:
 * <pre>{@code try (var scope = GradMode.noGrad()) { model.forward(x); } }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** A scope that re-enables recording when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private GradMode() {}

    public static boolean isEnabled() { return DISABLED_DEPTH.get()[0] == 0; }

    /** Stops recording on this thread until the returned scope is closed; scopes nest. */
    public static Scope noGrad() {
        int[] depth = DISABLED_DEPTH.get();
        depth[0]++;
        boolean[] closed = {false};
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                depth[0]--;
            }
        };
    }
}
