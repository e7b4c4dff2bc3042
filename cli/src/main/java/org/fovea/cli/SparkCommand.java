package org.fovea.cli;

import picocli.CommandLine.Command;

/**
 * {@code fovea spark …}: data-parallel training and batch inference on Apache Spark. Spark is not inside
 * fovea.jar: {@code ./fovea spark} puts the jars of spark/target/spark-classpath.txt in front of it, and
 * {@code spark-submit --class org.fovea.cli.Main cli/target/fovea.jar spark …} uses the cluster's.
 */
@Command(name = "spark", mixinStandardHelpOptions = true, description = "Training and batch inference on Apache Spark.",
        subcommands = {SparkTrainCommand.class, SparkPredictCommand.class})
final class SparkCommand {
}
