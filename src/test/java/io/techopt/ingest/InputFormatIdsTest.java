package io.techopt.ingest;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review r24h L6: a new format's id was to be added by hand to fromId's error and to --input-format's help. */
class InputFormatIdsTest {
    @Test
    void anUnknownFormatIsRefusedNamingEveryIdOfTheEnum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputFormat.fromId("jsonl"));
        String ids = String.join(", ", Arrays.stream(InputFormat.values()).map(f -> f.id).toList());
        assertEquals("unknown input format 'jsonl' (expected one of: " + ids + ")", e.getMessage());
    }

    @Test
    void inputFormatsHelpNamesEveryId() {
        var option = io.techopt.cli.Main.commandLine().getSubcommands().get("analyze-logs").getCommandSpec().findOption("--input-format");
        String help = String.join(" ", option.description());
        for (InputFormat f : InputFormat.values()) {
            assertTrue(help.matches(".*\\b" + java.util.regex.Pattern.quote(f.id) + "\\b.*"),
                    "--input-format's description (cli/InputOptions.java) does not name '" + f.id + "': " + help);
        }
    }
}
