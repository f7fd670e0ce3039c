package org.alliancetracker.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;

import org.bson.Document;
import org.junit.jupiter.api.Test;

/** An outbox entry keeps the stored layout the relay has always read, and entries stored before it read back. */
class OutboxEntryTest {

    @Test
    void anEntryIsStoredWithTheRelaysFieldNamesAndWithoutAbsentParts() {
        var entry = new OutboxEntry("e-1", "alliance.disbursements", "GT-SEC-101", "{\"id\":\"e-1\"}", new Date(7),
                "org.alliancetracker.disbursement.recorded.v1", null);

        Document stored = entry.toDocument();

        assertThat(stored.keySet()).containsExactly("id", "topic", "key", "payload", "at", "type");
        assertThat(stored.get("at")).isEqualTo(new Date(7));
        assertThat(OutboxEntry.fromDocument(stored)).isEqualTo(entry);
    }

    @Test
    void anEntryWrittenBeforeTypesWereStoredReadsWithoutOne() {
        Document old = new Document("id", "e-2").append("topic", "alliance.grants").append("key", "SV-1")
                .append("payload", "{}").append("at", new Date(9)).append("type", null)
                .append("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        OutboxEntry entry = OutboxEntry.fromDocument(old);

        assertThat(entry.type()).isNull();
        assertThat(entry.traceparent()).startsWith("00-0af7");
        assertThat(entry.at()).isEqualTo(new Date(9));
    }
}
