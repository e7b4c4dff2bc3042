package org.fovea.cli;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Starting Spark for the spark commands. Kept out of the command classes: picocli reflects over those at
 * start-up, and a Spark type in one of their signatures would make every fovea command need Spark's jars.
 */
final class SparkSessions {
    private SparkSessions() {}

    /**
     * The session: spark-submit's master when there is one, else --master, else local[tasks]; on a local
     * master everything is bound to 127.0.0.1.
     */
    static SparkSession session(String master, int tasks, String app) {
        var builder = SparkSession.builder().appName(app);
        String chosen = master != null ? master : System.getProperty("spark.master", "local[" + tasks + "]");
        builder.master(chosen);
        if (chosen.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel(System.getProperty("fovea.spark.log", "WARN").toUpperCase(Locale.ROOT));
        return spark;
    }

    /** "local[N]" → N (a local master's cores known before Spark starts), else -1; local[*] counts the cores. */
    static int localCores(String master) {
        if (master == null || !master.startsWith("local[") || !master.endsWith("]")) return -1;
        String n = master.substring(6, master.length() - 1).split(",")[0];
        if (n.equals("*")) return Runtime.getRuntime().availableProcessors();
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
