package io.lcbridge.widget;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

import java.io.Writer;
import java.util.Map;

/**
 * JSON literals that are safe anywhere inside an HTML {@code <script>} element and pure ASCII:
 * Jackson writes them with {@code <}, {@code >}, {@code &}, {@code '}, {@code "}, {@code \},
 * {@code /}, every control character, DEL and every non-ASCII character (U+2028/U+2029 and both
 * halves of surrogate pairs included) as {@code \}{@code uXXXX}. So a literal can never close the
 * script ({@code </}), open a comment ({@code <!--}), end a JS string early or break a line.
 */
final class ScriptSafeJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .characterEscapes(new Escapes())
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .rootValueSeparator((String) null)
            .build();

    private static final String PROTO = "__proto__";
    private static final String PROTO_KEY = "\"__proto__\":";

    private ScriptSafeJson() {}

    /** The script-safe JSON string literal of {@code value}. */
    static String string(String value) {
        StringBuilderWriter out = new StringBuilderWriter(value.length() + 16);
        try (JsonGenerator generator = generator(out)) {
            generator.writeString(value);
        }
        return out.toString();
    }

    /**
     * The script-safe JavaScript object literal of {@code entries} (in iteration order) plus one last
     * entry. It is JSON, except for a key named {@code __proto__}: in an object literal
     * {@code "__proto__": "x"} would try to set the prototype and the variable would be lost, so that
     * key is written as the computed key {@code ["__proto__"]}, which makes an ordinary property.
     */
    static String object(Map<String, String> entries, String lastKey, String lastValue) {
        StringBuilderWriter out = new StringBuilderWriter(64 + lastValue.length() + 32 * entries.size());
        try (JsonGenerator generator = generator(out)) {
            generator.writeStartObject();
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                generator.writeName(entry.getKey());
                generator.writeString(entry.getValue());
            }
            generator.writeName(lastKey);
            generator.writeString(lastValue);
            generator.writeEndObject();
        }
        String json = out.toString();
        if (entries.containsKey(PROTO) || lastKey.equals(PROTO)) {
            // Every quote inside names and values is escaped, so a raw "__proto__": is that key.
            json = json.replace(PROTO_KEY, "[" + PROTO_KEY.substring(0, PROTO_KEY.length() - 1) + "]:");
        }
        return json;
    }

    /**
     * Writes the object literal of {@link #object} through an open generator (for renderers that
     * write several values into one output). Returns false, writing nothing, when a key is
     * {@code __proto__}: the caller then uses {@link #object} which rewrites that key.
     */
    static boolean writeObject(JsonGenerator generator, Map<String, String> entries, String lastKey, String lastValue) {
        if (entries.containsKey(PROTO) || lastKey.equals(PROTO)) {
            return false;
        }
        generator.writeStartObject();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            generator.writeName(entry.getKey());
            generator.writeString(entry.getValue());
        }
        generator.writeName(lastKey);
        generator.writeString(lastValue);
        generator.writeEndObject();
        generator.flush();
        return true;
    }

    /** A generator writing script-safe JSON into {@code out}; root values follow each other without separator. */
    static JsonGenerator generator(Writer out) {
        return FACTORY.createGenerator(ObjectWriteContext.empty(), out);
    }

    /** ASCII escapes on top of JSON's: HTML/script-significant characters, controls and DEL as {@code \}{@code uXXXX}. */
    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final int[] ASCII = asciiEscapes();

        private static int[] asciiEscapes() {
            int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                codes[c] = ESCAPE_STANDARD;
            }
            for (char c : new char[] {'<', '>', '&', '\'', '"', '\\', '/', 0x7f}) {
                codes[c] = ESCAPE_STANDARD;
            }
            return codes;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null; // non-ASCII is escaped by ESCAPE_NON_ASCII as \\uXXXX
        }
    }
}
