package io.jenkins.plugins.bakeami.engine.packer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;

/**
 * Reads the JSON files Packer reads (legacy templates, {@code .pkr.json} files, JSON var files) with Jackson, as
 * strictly as Go's {@code encoding/json} (Packer's parser) does: no comments, no trailing commas, nothing after the
 * value; a repeated key keeps its last value, as in Go. A file that is not JSON is refused with its name, the line
 * and the column.
 */
final class PackerJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static final String BYTE_ORDER_MARK = "\uFEFF";

    private PackerJson() {}

    /**
     * @param what the kind of file, for the message ("Packer template")
     * @param text the file's text as {@link PackerTemplate#readText} read it
     */
    static JsonNode read(String what, Path file, String text) throws PackerException {
        if (text.startsWith(BYTE_ORDER_MARK)) {
            // Packer's JSON parsers stop at it, with an error that shows an invisible character
            throw new PackerException(what + " " + file + " starts with a UTF-8 byte-order mark, which Packer cannot"
                    + " read in a JSON file: save it as UTF-8 without a byte-order mark");
        }
        try {
            JsonNode document = MAPPER.readTree(text);
            if (document == null || document.isMissingNode()) {
                throw new PackerException(what + " " + file + " is not valid JSON: it is empty");
            }
            return document;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new PackerException(what + " " + file + " is not valid JSON" + where + ": " + e.getOriginalMessage(),
                    e);
        }
    }
}
