package org.alliancetracker.infra;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records that are not valid events of the contract, built from one valid CloudEvent: the same malformations for
 * every consumed topic, so that every consumer is tested alike. Broken JSON, an empty record, JSON that is not an
 * object, envelopes without or with a wrong {@code specversion}, {@code type} or {@code data}, data without a required
 * field or with an impossible date, invalid UTF-8, and an event of another topic; {@link #corrupt} adds the
 * semantic ones a topic has (a fraction of a cent, an amount no 64-bit count of cents holds).
 */
public final class PoisonRecords {

    /** One poison record: what is wrong with it, and its bytes. */
    public record Poison(String name, byte[] value) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PoisonRecords() {
    }

    /**
     * @param validEvent        a valid CloudEvent of the topic, as JSON
     * @param requiredDataField a field of its {@code data} the event cannot be without
     * @param dateDataField     a date field of its {@code data}
     * @param eventOfOtherTopic a valid CloudEvent of another topic, as JSON
     */
    public static List<Poison> of(String validEvent, String requiredDataField, String dateDataField,
                                  String eventOfOtherTopic) {
        List<Poison> poison = new ArrayList<>();
        poison.add(new Poison("not JSON", utf8("{not json at all")));
        poison.add(new Poison("empty record", new byte[0]));
        poison.add(new Poison("a JSON array", utf8("[1,2,3]")));
        poison.add(new Poison("JSON null", utf8("null")));
        poison.add(new Poison("truncated", utf8(validEvent.substring(0, validEvent.length() / 2))));
        poison.add(new Poison("no specversion", utf8(HostileInput.without(validEvent, "specversion"))));
        poison.add(new Poison("specversion 0.3", utf8(HostileInput.with(validEvent, "specversion", "\"0.3\""))));
        poison.add(new Poison("unknown type", utf8(HostileInput.with(validEvent, "type",
                "\"alliance.money.teleported.v1\""))));
        poison.add(new Poison("no data", utf8(HostileInput.without(validEvent, "data"))));
        poison.add(new Poison("data not an object", utf8(HostileInput.with(validEvent, "data", "\"x\""))));
        poison.add(new Poison("no data." + requiredDataField,
                utf8(HostileInput.without(validEvent, "data." + requiredDataField))));
        poison.add(new Poison("impossible data." + dateDataField,
                utf8(HostileInput.with(validEvent, "data." + dateDataField, "\"2016-02-30\""))));
        poison.add(new Poison("invalid UTF-8", invalidUtf8(HostileInput.with(validEvent, "source",
                "\"/x@@bytes@@\""))));
        poison.add(new Poison("an event of another topic", utf8(eventOfOtherTopic)));
        return poison;
    }

    /** The valid event with one field replaced by raw JSON (e.g. {@code data.amount} = {@code 10.005}). */
    public static Poison corrupt(String name, String validEvent, String path, String raw) {
        return new Poison(name, utf8(HostileInput.with(validEvent, path, raw)));
    }

    private static byte[] invalidUtf8(String json) {
        int at = json.indexOf("@@bytes@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(json.substring(0, at)));
        out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
        out.writeBytes(utf8(json.substring(at + "@@bytes@@".length())));
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
