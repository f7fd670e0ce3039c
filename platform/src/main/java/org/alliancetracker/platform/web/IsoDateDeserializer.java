package org.alliancetracker.platform.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * A date of the API is a JSON string {@code YYYY-MM-DD} and nothing else. Jackson's own reader is lenient: it takes
 * a number as a count of days since 1970 ({@code 20190101} became the year 57248), an array {@code [2019,1,1]},
 * a date-time, and an empty string as no date at all — so a malformed optional date silently became "today".
 * Each of these is a 400 naming the field here.
 */
final class IsoDateDeserializer extends StdScalarDeserializer<LocalDate> {

    IsoDateDeserializer() {
        super(LocalDate.class);
    }

    @Override
    public LocalDate deserialize(JsonParser parser, DeserializationContext context) {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
        }
        String text = parser.getString();
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text,
                    "expected an ISO-8601 date (YYYY-MM-DD)");
        }
    }
}
