package io.techopt.cli;

import io.techopt.ingest.NothingReadException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One prompt read from a file (compress PROMPT, budget --prompt): a directory is a usage error, binary is bad input. */
final class PromptFile {
    private PromptFile() {
    }

    static String read(String file) throws IOException {
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(file + " is a directory: a prompt is one text file");
        }
        byte[] bytes = Files.readAllBytes(p);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NothingReadException(file + ": not UTF-8 text (a prompt is a text file)");
        }
    }
}
