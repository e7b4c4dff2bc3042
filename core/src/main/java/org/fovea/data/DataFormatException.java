package org.fovea.data;

/**
 * A data file or folder that cannot be read as what it claims to be: truncated, corrupt, a wrong magic
 * number, counts that disagree, an unreadable image, an empty class folder. The message names the file
 * and the problem.
 */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    public DataFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
