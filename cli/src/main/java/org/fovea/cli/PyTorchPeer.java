package org.fovea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a committed PyTorch script (scripts/bench/*.py) through scripts/bench/pytorch.sh, which installs
 * Debian's python3-torch and OpenBLAS if missing and runs PyTorch at its best, and returns the JSON lines
 * the script printed. The repository root is found from the working directory or FOVEA_HOME.
 */
final class PyTorchPeer {
    private PyTorchPeer() {}

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("scripts/bench/pytorch.sh"))) return p;
        }
        String home = System.getenv("FOVEA_HOME");
        if (home != null && Files.exists(Path.of(home, "scripts/bench/pytorch.sh"))) return Path.of(home);
        throw new IllegalArgumentException("--vs-pytorch needs the Fovea repository (scripts/bench/pytorch.sh); run from inside it");
    }

    static List<JsonNode> run(String script, List<String> args) throws IOException {
        Path root = root();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/bench/pytorch.sh").toString(), root.resolve("scripts/bench/" + script).toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int code = p.waitFor();
            if (code != 0) throw new IOException("the PyTorch peer (" + script + ") failed with exit code " + code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for PyTorch", e);
        }
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : out.split("\n")) if (line.startsWith("{")) lines.add(mapper.readTree(line));
        return lines;
    }
}
