package org.fovea.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file or checkpoint that cannot be read as one: too short, truncated, a header that is
 * not valid JSON or not the shape the format prescribes, an unknown dtype, data offsets that overlap or
 * leave gaps, a checksum that does not match. The message names the file and the problem.
 */
public final class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CheckpointFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
