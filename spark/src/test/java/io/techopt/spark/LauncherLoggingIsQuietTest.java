package io.techopt.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/techopt-spark's log4j2 config: Spark's own WARN and INFO lines stay off stderr (only its errors), so stderr carries
 * techopt's lines (the launcher passes it unless the user names a log4j2 config of their own).
 */
class LauncherLoggingIsQuietTest {
    private static final Path CONFIG = SparkTests.ROOT.resolve("spark/src/main/resources/techopt-spark-log4j2.properties");

    @Test
    void sparksWarningsAreNotLoggedOnlyItsErrors() throws Exception {
        Configuration c = new PropertiesConfigurationFactory().getConfiguration(new LoggerContext("launcher-test"),
                new ConfigurationSource(Files.newInputStream(CONFIG), CONFIG.toFile()));
        c.initialize();
        for (String spark : new String[]{"org.apache.spark.storage.BlockManager", "org.apache.spark.util.Utils",
                "org.apache.spark.sql.SparkSession", "org.apache.hadoop.fs.FileSystem"}) {
            Level level = c.getLoggerConfig(spark).getLevel();
            assertTrue(level.isMoreSpecificThan(Level.ERROR), spark + " logs at " + level);
            assertTrue(!Level.WARN.isMoreSpecificThan(level), spark + " would log WARN lines at " + level);
        }
        assertEquals(Level.ERROR, c.getRootLogger().getLevel());
    }
}
