package org.fovea.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fovea viz …}: pictures of what a trained network has learned (CS231n lecture 12, "Visualizing and
 * Understanding", and the adversarial-examples lecture). Every subcommand reads a checkpoint of fovea train
 * and writes PNG files into {@code --out}; with {@code --json} it prints one JSON object per file and figure.
 */
@Command(name = "viz", mixinStandardHelpOptions = true,
        description = "Visualises a trained model: filters, neighbours, patches, occlusion, saliency, class images, adversarial examples, t-SNE.",
        subcommands = {VizFiltersCommand.class, VizNeighborsCommand.class, VizPatchesCommand.class, VizOcclusionCommand.class,
                VizSaliencyCommand.class, VizClassvizCommand.class, VizAdversarialCommand.class, VizTsneCommand.class, VizReportCommand.class})
public final class VizCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a picture: filters, neighbors, patches, occlusion, saliency, classviz, adversarial, tsne or report");
    }
}
