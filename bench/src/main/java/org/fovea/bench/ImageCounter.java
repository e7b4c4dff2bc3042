package org.fovea.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A secondary JMH result: images processed. JMH divides it by the measured time, so the line
 * {@code <benchmark>:images} reads in images/s (JMH labels its unit "ops/s").
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ImageCounter {
    /** Images processed in this iteration. */
    public long images;

    @Setup(Level.Iteration)
    public void reset() {
        images = 0;
    }
}
