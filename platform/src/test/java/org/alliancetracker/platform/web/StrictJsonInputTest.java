package org.alliancetracker.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Strict JSON: what the API refuses instead of guessing, and exact decimals. */
class StrictJsonInputTest {

    enum Kind { PROGRAM, GRANT }

    record Body(String name, int count, BigDecimal amount, LocalDate on, Kind kind) {
    }

    private static final JsonMapper JSON = strict();

    private static JsonMapper strict() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new StrictJsonInput().customize(builder);
        return builder.build();
    }

    private static final String VALID =
            "{\"name\":\"n\",\"count\":3,\"amount\":1234567.10,\"on\":\"2019-06-28\",\"kind\":\"GRANT\"}";

    @Test
    void aValidBodyKeepsItsDecimalsExactly() {
        Body body = JSON.readValue(VALID, Body.class);
        assertThat(body.amount()).isEqualByComparingTo("1234567.10").hasScaleOf(2);
        assertThat(body.on()).isEqualTo(LocalDate.of(2019, 6, 28));
        assertThat(JSON.writeValueAsString(Map.of("a", new BigDecimal("1E+3")))).isEqualTo("{\"a\":1000}");
    }

    @Test
    void guessesAreErrorsNamingTheField() {
        refused(VALID.replace("}", ",\"extra\":1}"), "extra");
        refused(VALID.replace("\"count\":3", "\"count\":3,\"count\":4"), "count");
        refused(VALID.replace("\"count\":3", "\"count\":\"3\""), "count");
        refused(VALID.replace("\"count\":3", "\"count\":3.5"), "count");
        refused(VALID.replace("\"count\":3", "\"count\":true"), "count");
        refused(VALID.replace("\"count\":3,", ""), "count");
        refused(VALID.replace("1234567.10", "\"1234567.10\""), "amount");
        refused(VALID.replace("\"name\":\"n\"", "\"name\":5"), "name");
        refused(VALID.replace("\"GRANT\"", "1"), "kind");
        refused(VALID.replace("\"GRANT\"", "\"\""), "kind");
        refused(VALID.replace("2019-06-28", "2019-6-28"), "on");
        refused(VALID.replace("\"2019-06-28\"", "20190628"), "on");
        refused(VALID.replace("2019-06-28", "2019-06-28T00:00:00Z"), "on");
    }

    @Test
    void trailingContentIsRefused() {
        assertThatThrownBy(() -> JSON.readValue(VALID + "{}", Body.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void aBodyThatIsNotValidUtf8IsRefusedBeforeJacksonReadsIt() {
        JsonRequestBodies.StrictUtf8Decoder decoder = new JsonRequestBodies.StrictUtf8Decoder(JSON);
        byte[] overlongSlash = VALID.replace("\"n\"", "\"a\u0000b\"").getBytes(StandardCharsets.UTF_8);
        int zero = indexOf(overlongSlash, (byte) 0);
        byte[] bytes = new byte[overlongSlash.length + 1];
        System.arraycopy(overlongSlash, 0, bytes, 0, zero);
        bytes[zero] = (byte) 0xC0; // C0 AF: an overlong '/', which a lenient decoder turns into a real one
        bytes[zero + 1] = (byte) 0xAF;
        System.arraycopy(overlongSlash, zero + 1, bytes, zero + 2, overlongSlash.length - zero - 1);

        assertThatThrownBy(() -> decoder.decode(DefaultDataBufferFactory.sharedInstance.wrap(bytes),
                ResolvableType.forClass(Body.class), MediaType.APPLICATION_JSON, Map.of()))
                .isInstanceOf(JsonRequestBodies.InvalidUtf8.class).hasMessageContaining("UTF-8");
        Object decoded = decoder.decode(DefaultDataBufferFactory.sharedInstance.wrap(
                VALID.getBytes(StandardCharsets.UTF_8)), ResolvableType.forClass(Body.class),
                MediaType.APPLICATION_JSON, Map.of());
        assertThat(decoded).isInstanceOf(Body.class);
    }

    private static void refused(String json, String field) {
        assertThatThrownBy(() -> JSON.readValue(json, Body.class)).as(json)
                .isInstanceOf(JacksonException.class).hasMessageContaining(field);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }
}
