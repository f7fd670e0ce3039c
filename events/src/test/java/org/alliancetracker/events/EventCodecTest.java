package org.alliancetracker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void moneyKeepsEveryCentThroughTheWire() {
        var event = new DisbursementRecorded("d-1", Samples.GRANT, new BigDecimal("0.10"), "USD",
                java.time.LocalDate.parse("2016-06-30"), "r", null);
        byte[] bytes = codec.encode(codec.envelope(event, "/test"));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"amount\":0.10");
        DisbursementRecorded back = (DisbursementRecorded) codec.decode(bytes).data();
        assertThat(back.amount()).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void largeAmountsAreWrittenAsPlainNumbers() {
        var event = new DisbursementRecorded("d-1", Samples.GRANT, new BigDecimal("7.5E+8").setScale(2), "USD",
                java.time.LocalDate.parse("2016-06-30"), "r", null);

        assertThat(codec.encodeToString(codec.envelope(event, "/test"))).contains("\"amount\":750000000.00");
    }

    @Test
    void envelopeCarriesTypeSubjectAndAFreshId() {
        var first = codec.envelope(Samples.of(EventType.GRANT_AWARDED), "/grants-service");
        var second = codec.envelope(Samples.of(EventType.GRANT_AWARDED), "/grants-service");

        assertThat(first.type()).isEqualTo("alliance.grant.awarded.v1");
        assertThat(first.subject()).isEqualTo("GT-SEC-001");
        assertThat(first.key()).isEqualTo("GT-SEC-001");
        assertThat(first.topic()).isEqualTo(Topics.GRANTS);
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[]", "{}",
            "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"alliance.grant.awarded.v1\",\"data\":{}}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"alliance.unknown.v1\",\"data\":{}}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"alliance.grant.awarded.v1\"}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"alliance.grant.awarded.v1\",\"time\":\"yesterday\",\"data\":{}}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"alliance.disbursement.recorded.v1\",\"data\":{\"amount\":\"lots\"}}"
    })
    void malformedRecordsAreRejectedAsPoison(String json) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
    }
}
