package org.alliancetracker.disbursement.disbursement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The disbursement document as the record codec writes and reads it keeps the layout that documents already stored
 * have (field names, order and BSON types), and documents written before the record read back whole.
 */
class StoredDisbursementTest {

    private static final DisbursementRequest REQUEST = new DisbursementRequest("GT-SEC-101", new BigDecimal("1234.50"),
            "USD", LocalDate.parse("2017-03-31"), "INV-7", null);
    private static final GrantRef GRANT = new GrantRef("GT-SEC-101", "FY2017-GT-SEC", 2017, Country.GT,
            Pillar.SECURITY_AND_JUSTICE, "USAID");

    @Test
    void aPendingDocumentHasTheFieldsStepOneAlwaysWrote() {
        Document doc = StoredDisbursement.pending("d-1", "key-1", "fp", "inc-1", REQUEST).toDocument();

        assertThat(doc.keySet()).containsExactly("_id", "idempotencyKey", "fingerprint", "incarnation", "state",
                "grantId", "amountCents", "currency", "valueDate", "reference", "createdAt");
        assertThat(doc.get("state")).isEqualTo("PENDING");
        assertThat(doc.get("amountCents")).isEqualTo(123450L);
        assertThat(doc.get("valueDate")).isEqualTo("2017-03-31");
        assertThat(doc.get("createdAt")).isInstanceOf(Date.class);
    }

    @Test
    void anAcceptedDocumentHasTheLayoutOfStepThree() {
        Document doc = StoredDisbursement.pending("d-1", "key-1", "fp", "r-1", REQUEST)
                .accepted("r-1", GRANT, 99_00L, "batch-1:7", "upload-1:000000").toDocument();

        assertThat(doc.keySet()).containsExactly("_id", "idempotencyKey", "fingerprint", "incarnation", "state",
                "grantId", "amountCents", "currency", "valueDate", "reference", "createdAt", "reservation",
                "acceptedAt", "answer", "grant", "origin", "recordedIn");
        assertThat(doc).doesNotContainKey("outbox"); // its event is in the chunk's outbox document
        assertThat(doc.get("state")).isEqualTo("ACCEPTED");
        assertThat(doc.get("answer", Document.class)).isEqualTo(new Document("remainingObligationCents", 9900L));
        assertThat(doc.get("grant", Document.class)).isEqualTo(new Document("allocationId", "FY2017-GT-SEC")
                .append("fiscalYear", 2017).append("country", "GT").append("pillar", "SECURITY_AND_JUSTICE")
                .append("agency", "USAID"));
    }

    @Test
    void aDocumentWrittenFieldByFieldReadsBackWhole() {
        Date created = new Date(1_500_000_000_000L);
        Document legacy = new Document("_id", "d-2").append("idempotencyKey", "key-2").append("fingerprint", "fp")
                .append("incarnation", "inc-2").append("state", "REVERSED").append("grantId", "GT-SEC-101")
                .append("amountCents", 123450L).append("currency", "USD").append("valueDate", "2017-03-31")
                .append("reference", null).append("description", null).append("createdAt", created)
                .append("reservation", "r-2").append("acceptedAt", created)
                .append("answer", new Document("remainingObligationCents", 500L))
                .append("grant", new Document("allocationId", "FY2017-GT-SEC").append("fiscalYear", 2017)
                        .append("country", "GT").append("pillar", "SECURITY_AND_JUSTICE").append("agency", "USAID"))
                .append("outbox", List.of(new Document("id", "e-1").append("payload", "{}")))
                .append("reversal", new Document("reason", "duplicate payment").append("requestedAt", created)
                        .append("reversedOn", "2017-04-02").append("remainingObligationCents", 123950L)
                        .append("completedAt", created));

        StoredDisbursement stored = StoredDisbursement.of(legacy);

        assertThat(stored.state()).isEqualTo(DisbursementState.REVERSED);
        assertThat(stored.reference()).isNull();
        assertThat(stored.request()).isEqualTo(new DisbursementRequest("GT-SEC-101", new BigDecimal("1234.50"), "USD",
                LocalDate.parse("2017-03-31"), null, null));
        assertThat(stored.grantRef()).isEqualTo(GRANT);
        assertThat(stored.view()).isEqualTo(new DisbursementView("d-2", "GT-SEC-101", new BigDecimal("1234.50"),
                LocalDate.parse("2017-03-31"), new BigDecimal("5.00")));
        DisbursementRecord record = stored.record();
        assertThat(record.state()).isEqualTo("REVERSED");
        assertThat(record.remainingObligation()).isEqualByComparingTo("5.00");
        assertThat(record.acceptedAt()).isEqualTo(created.toInstant());
        assertThat(record.reversal()).isEqualTo(new DisbursementRecord.Reversal("duplicate payment",
                LocalDate.parse("2017-04-02"), created.toInstant(), new BigDecimal("1239.50")));
    }
}
