package org.alliancetracker.infra;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates request bodies that a strict JSON API must refuse, from one valid body and a description of its fields:
 * wrong types, missing and unknown fields, huge numbers and strings, NaN and Infinity, negative and fractional-cent
 * amounts, impossible dates, MongoDB operators and {@code $}/{@code .} where an id belongs, deeply nested JSON,
 * broken JSON, invalid UTF-8. Every case is invalid by construction (the field kinds say what would be valid), so a
 * test may expect every one to be refused and to change nothing. {@link #random} combines several at once, seeded,
 * so a failure can be replayed with its seed.
 */
public final class HostileInput {

    /** What a field holds, which decides what is certainly invalid for it. */
    public enum Kind {
        /** an identifier: 1–64 letters, digits, {@code -} or {@code _} */
        ID,
        /** an idempotency key: 1–128 visible ASCII characters ({@code $} and {@code .} are allowed) */
        KEY,
        /** free text with a maximum length ({@code $} and {@code .} are allowed) */
        TEXT,
        /** one of a few upper-case codes */
        CODE,
        /** an ISO date {@code YYYY-MM-DD} */
        DATE,
        /** USD: more than 0, at most 2 decimals, below 10 trillion */
        MONEY,
        /** a fiscal year 2015–2030 */
        YEAR,
        /** a percent 0–100 with at most 2 decimals */
        PERCENT,
        /** a measured value: any sign, at most 15 integer digits and 6 decimals */
        DECIMAL,
        BOOLEAN,
        /** a nested object */
        OBJECT,
        /** an array of objects (may be empty) */
        ARRAY
    }

    /**
     * A field of a request body. {@code path} is a field name, or a path into nested values such as
     * {@code baseline.period} or {@code withholdings[0].percent}.
     */
    public record Field(String path, Kind kind, boolean required, int maxLength) {

        public static Field required(String path, Kind kind) {
            return new Field(path, kind, true, 0);
        }

        public static Field optional(String path, Kind kind) {
            return new Field(path, kind, false, 0);
        }

        public static Field text(String path, boolean required, int maxLength) {
            return new Field(path, Kind.TEXT, required, maxLength);
        }
    }

    /** One hostile request body and the content type it is sent with. */
    public record Case(String name, String contentType, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final String JSON_TYPE = "application/json";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private HostileInput() {
    }

    /** What an answer must never show: stack traces, exception and class names, internals of the implementation. */
    public static final List<String> LEAK_MARKERS = List.of("Exception", "Caused by", "\tat ", "at org.", "at java.",
            "org.alliancetracker", "tools.jackson", "com.fasterxml", "java.lang", "java.util", "reactor.",
            "springframework", "com.mongodb", "de.bwaldvogel", "io.netty");

    /** The {@link #LEAK_MARKERS} found in an answer. */
    public static List<String> leaks(String answer) {
        return LEAK_MARKERS.stream().filter(answer::contains).toList();
    }

    /** For every field, every value that is certainly invalid for its kind (and its absence, if it is required). */
    public static List<Case> fieldCases(String validJson, List<Field> fields) {
        List<Case> cases = new ArrayList<>();
        for (Field field : fields) {
            if (field.required()) {
                cases.add(new Case(field.path() + " missing", JSON_TYPE, utf8(without(validJson, field.path()))));
                cases.add(new Case(field.path() + " null", JSON_TYPE, utf8(with(validJson, field.path(), "null"))));
            }
            for (String raw : invalidValues(field)) {
                cases.add(new Case(field.path() + " = " + abbreviate(raw), JSON_TYPE,
                        utf8(with(validJson, field.path(), raw))));
            }
            cases.add(new Case(field.path() + " holds invalid UTF-8", JSON_TYPE,
                    withRawBytes(with(validJson, field.path(), "\"a@@bytes@@b\""), new byte[] {(byte) 0xC3, 0x28})));
        }
        return cases;
    }

    /** Bodies that are wrong as a whole, whatever the fields: broken or hostile JSON, wrong content types. */
    public static List<Case> bodyCases(String validJson) {
        List<Case> cases = new ArrayList<>();
        String first = MAPPER.readTree(validJson).propertyNames().iterator().next();
        String firstValue = MAPPER.writeValueAsString(MAPPER.readTree(validJson).get(first));
        String open = validJson.substring(0, validJson.indexOf('{') + 1);
        String rest = validJson.substring(validJson.indexOf('{') + 1);
        for (String body : List.of("", " ", "null", "[]", "{}", "[" + validJson + "]", "\"" + first + "\"", "42",
                "true", "{", "}", "{\"" + first + "\":}", "{\"" + first + "\"}", validJson + "x",
                validJson + validJson, validJson.substring(0, validJson.length() / 2),
                validJson.replace("\"", "'"), validJson.replace("\"" + first + "\"", first),
                "/* comment */" + validJson, open + "\"" + first + "\":" + firstValue + "," + rest)) {
            cases.add(new Case("body " + abbreviate(body), JSON_TYPE, utf8(body)));
        }
        for (String unknown : List.of("\"unknown\":1", "\"$where\":\"sleep(1000)\"", "\"$set\":{\"amountCents\":0}",
                "\"a.b\":1", "\"\":1", "\"__proto__\":{\"admin\":true}", "\"@type\":\"java.lang.ProcessBuilder\"",
                "\"_class\":\"java.lang.Runtime\"", "\"_id\":\"x\"", "\"outbox\":[]")) {
            cases.add(new Case("unknown field " + unknown, JSON_TYPE, utf8(open + unknown + "," + rest)));
        }
        StringBuilder many = new StringBuilder(open);
        for (int i = 0; i < 5000; i++) {
            many.append("\"f").append(i).append("\":").append(i).append(',');
        }
        cases.add(new Case("5,000 unknown fields", JSON_TYPE, utf8(many + rest)));
        cases.add(new Case("arrays nested 100,000 deep", JSON_TYPE, utf8("[".repeat(100_000) + "]".repeat(100_000))));
        cases.add(new Case("objects nested 5,000 deep in a field", JSON_TYPE, utf8(with(validJson, first,
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)))));
        cases.add(new Case("arrays nested 5,000 deep in a field", JSON_TYPE, utf8(with(validJson, first,
                "[".repeat(5_000) + "]".repeat(5_000)))));
        cases.add(new Case("a number of 100,000 digits", JSON_TYPE, utf8(with(validJson, first,
                "1".repeat(100_000)))));
        cases.add(new Case("a raw control character in a string", JSON_TYPE, utf8(with(validJson, first,
                "\"a\u0001b\""))));
        byte[][] badUtf8 = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
        for (byte[] bad : badUtf8) {
            cases.add(new Case("invalid UTF-8 " + hex(bad) + " in a field name", JSON_TYPE,
                    withRawBytes(open + "\"x@@bytes@@\":1," + rest, bad)));
            cases.add(new Case("invalid UTF-8 " + hex(bad) + " in a value", JSON_TYPE,
                    withRawBytes(with(validJson, first, "\"x@@bytes@@\""), bad)));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "application/x-ndjson", "text/csv",
                "application/json-patch+json", "image/png")) {
            cases.add(new Case("content type " + type, type, utf8(validJson)));
        }
        return cases;
    }

    /**
     * {@code count} bodies each breaking two or three fields at once (chosen with {@code random}), sometimes also
     * carrying an unknown field.
     */
    public static List<Case> random(String validJson, List<Field> fields, Random random, int count) {
        List<Case> cases = new ArrayList<>();
        while (cases.size() < count) {
            Map<String, String> changes = new LinkedHashMap<>(); // path -> raw value, or null to remove it
            int breaks = 2 + random.nextInt(2);
            for (int b = 0; b < breaks; b++) {
                Field field = fields.get(random.nextInt(fields.size()));
                if (changes.keySet().stream().anyMatch(p -> p.startsWith(field.path()) || field.path().startsWith(p))) {
                    continue; // one change per part of the body
                }
                List<String> values = invalidValues(field);
                changes.put(field.path(), field.required() && random.nextInt(6) == 0 ? null
                        : values.get(random.nextInt(values.size())));
            }
            ObjectNode root = (ObjectNode) MAPPER.readTree(validJson);
            List<String> names = new ArrayList<>();
            List<String> raws = new ArrayList<>();
            changes.forEach((path, raw) -> {
                set(root, path, raw == null ? null : mark(raws.size()));
                names.add(path + (raw == null ? " missing" : " = " + abbreviate(raw)));
                if (raw != null) {
                    raws.add(raw);
                }
            });
            if (random.nextInt(4) == 0) {
                root.put("$gt", "");
                names.add("$gt field");
            }
            String body = MAPPER.writeValueAsString(root);
            for (int i = 0; i < raws.size(); i++) {
                body = body.replace("\"" + mark(i) + "\"", raws.get(i));
            }
            cases.add(new Case("random " + cases.size() + ": " + String.join(", ", names), JSON_TYPE, utf8(body)));
        }
        return cases;
    }

    /**
     * Text that no free-text field takes, one JSON string per forbidden class: C0 controls other than tab and line
     * feed (NUL, U+0001, CR, U+001F), DEL and C1 controls, lone surrogates, Unicode non-characters.
     */
    public static final List<String> FORBIDDEN_TEXT = List.of("\"a\\u0000b\"", "\"a\\u0001b\"", "\"a\\rb\"",
            "\"a\\u001fb\"", "\"a\\u007fb\"", "\"a\\u0085b\"", "\"a\\u009fb\"", "\"a\\ud800b\"", "\"a\\udfff\"",
            "\"a\\ufdd0b\"", "\"a\\ufffeb\"", "\"a\\uffff\"", "\"a\\ud83f\\udffeb\"");

    /** Raw JSON values certainly invalid for the field (its absence and null are added separately). */
    public static List<String> invalidValues(Field field) {
        List<String> values = new ArrayList<>(List.of("{\"$gt\":\"\"}", "{\"$ne\":null}"));
        switch (field.kind()) {
            case ID -> values.addAll(List.of("\"\"", "\" \"", "\"$gt\"", "\"a.b\"", "\"$where\"", "\"a b\"",
                    "\"a/b\"", "\"../x\"", "\"x\\u0000y\"", "\"é\"", "\"-x\"", "\"" + "x".repeat(65) + "\"",
                    "\"" + "x".repeat(100_000) + "\"", "1", "true", "[\"x\"]"));
            case KEY -> values.addAll(List.of("\"\"", "\" \"", "\"a b\"", "\"é\"", "\"x\\u0000y\"",
                    "\"" + "x".repeat(129) + "\"", "1", "true", "[\"x\"]"));
            case TEXT -> {
                values.addAll(List.of("\"" + "x".repeat(field.maxLength() + 1) + "\"",
                        "\"" + "é".repeat(100_000) + "\"", "1", "1.5", "true", "[\"x\"]"));
                values.addAll(FORBIDDEN_TEXT);
                if (field.required()) {
                    values.addAll(List.of("\"\"", "\"   \""));
                }
            }
            case CODE -> values.addAll(List.of("\"\"", "\"zz\"", "\"$gt\"", "\"a.b\"", "\" X \"",
                    "\"" + "X".repeat(10_000) + "\"", "0", "1", "true", "[\"X\"]"));
            case DATE -> values.addAll(List.of("\"\"", "\"2019-02-30\"", "\"2019-13-01\"", "\"2019-00-10\"",
                    "\"2019-1-1\"", "\"01/02/2019\"", "\"2019/01/01\"", "\"yesterday\"", "\"2019-01-01Z\"",
                    "\"-2019-01-01x\"", "\"" + "9".repeat(1000) + "\"", "20190101", "17000", "1.5", "true",
                    "[2019,1,1]", "{\"year\":2019}"));
            case MONEY -> values.addAll(List.of("-1.00", "0", "0.00", "-0.00", "0.001", "1.005", "-0.01",
                    "10000000000000.00", "1e15", "1E+14", "1e999999999", "1e-999999999", "-1e999999999",
                    "NaN", "Infinity", "-Infinity", "+1.00", "01.00", ".5", "1.", "0x10", "1_000", "\"100.00\"",
                    "\"NaN\"", "true", "[100]", "{\"$gt\":0}"));
            case YEAR -> values.addAll(List.of("2014", "2031", "2023.5", "2.023e3", "\"2023\"", "99999999999",
                    "-2023", "0", "1e999999999", "NaN", "true", "[2023]", "{\"$gt\":2000}"));
            case PERCENT -> values.addAll(List.of("-0.01", "100.01", "10.001", "1e3", "1e999999999", "\"10\"",
                    "NaN", "true", "[10]"));
            case DECIMAL -> values.addAll(List.of("1e16", "0.0000001", "1e999999999", "1e-999999999",
                    "-1e999999999", "NaN", "Infinity", "\"1\"", "true", "[1]", "{\"$gt\":0}"));
            case BOOLEAN -> values.addAll(List.of("\"true\"", "1", "0", "\"yes\"", "[true]", "{\"$ne\":false}"));
            case OBJECT -> values.addAll(List.of("[]", "\"x\"", "1", "true", "{\"$gt\":\"\"}", "{\"unknown\":1}"));
            case ARRAY -> values.addAll(List.of("{}", "\"x\"", "1", "true", "[null]", "[1]", "[\"x\"]",
                    "[{\"$gt\":\"\"}]", "[[]]"));
        }
        return values;
    }

    /** The body with the value at {@code path} replaced by raw JSON text. */
    public static String with(String json, String path, String raw) {
        ObjectNode root = (ObjectNode) MAPPER.readTree(json);
        set(root, path, mark(0));
        return MAPPER.writeValueAsString(root).replace("\"" + mark(0) + "\"", raw);
    }

    /** The body without the value at {@code path}. */
    public static String without(String json, String path) {
        ObjectNode root = (ObjectNode) MAPPER.readTree(json);
        set(root, path, null);
        return MAPPER.writeValueAsString(root);
    }

    private static String mark(int index) {
        return "@@hostile-" + index + "@@";
    }

    /** Puts the text {@code mark} at {@code path}, or removes what is there if it is null. */
    private static void set(ObjectNode root, String path, String mark) {
        List<String> segments = segments(path);
        JsonNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i);
            node = segment.startsWith("[") ? node.get(Integer.parseInt(segment.substring(1, segment.length() - 1)))
                    : node.get(segment);
            if (node == null || !node.isContainer()) {
                throw new IllegalArgumentException("No " + path + " in the valid body");
            }
        }
        String last = segments.getLast();
        if (last.startsWith("[")) {
            int index = Integer.parseInt(last.substring(1, last.length() - 1));
            ArrayNode array = (ArrayNode) node;
            if (mark != null) {
                array.set(index, mark);
            } else {
                array.remove(index);
            }
        } else {
            ObjectNode object = (ObjectNode) node;
            if (mark != null) {
                object.put(last, mark);
            } else {
                object.remove(last);
            }
        }
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                segments.add(part);
            } else {
                segments.add(part.substring(0, bracket));
                segments.add(part.substring(bracket));
            }
        }
        return segments;
    }

    private static byte[] withRawBytes(String json, byte[] bytes) {
        int at = json.indexOf("@@bytes@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(json.substring(0, at)));
        out.writeBytes(bytes);
        out.writeBytes(utf8(json.substring(at + "@@bytes@@".length())));
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02X", b & 0xFF));
        }
        return text.toString();
    }

    static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 30) + "…(" + oneLine.length() + " chars)";
    }
}
