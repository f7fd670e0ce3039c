package org.alliancetracker.disbursement.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void fieldsFollowRfc4180() {
        assertThat(Csv.fields("a,\"b,c\",\"say \"\"hi\"\"\",,\"\"")).containsExactly("a", "b,c", "say \"hi\"", "", "");
        assertThat(Csv.fields("\"two\r\nlines\",x,")).containsExactly("two\nlines", "x", ""); // CRLF kept as LF
        assertThat(Csv.fields("\"two\nlines\",x")).containsExactly("two\nlines", "x");
        assertThat(Csv.fields("\"lone\rcr\",x")).as("a lone CR is left for text hygiene to refuse")
                .containsExactly("lone\rcr", "x");
    }

    @Test
    void malformedQuotingIsAProblemOfTheRecord() {
        assertThatThrownBy(() -> Csv.fields("a,b\"c")).isInstanceOf(ApiProblem.class).hasMessageContaining("quote");
        assertThatThrownBy(() -> Csv.fields("\"open,b")).isInstanceOf(ApiProblem.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> Csv.fields("\"a\"b,c")).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("after the closing quote");
    }

    @Test
    void columnsMayComeInAnyOrderAndEmptyFieldsAreAbsent() {
        Csv csv = Csv.header("idempotencyKey,valueDate,currency,amount,grantId,description");
        BatchLine line = csv.line("K-1,2016-06-30,USD,1234.50,GT-1,");
        assertThat(line).isEqualTo(new BatchLine("K-1", "GT-1", new BigDecimal("1234.50"), "USD",
                LocalDate.parse("2016-06-30"), null, null));
    }

    @Test
    void unreadableValuesNameTheirColumn() {
        Csv csv = Csv.header("grantId,amount,currency,valueDate,reference,description,idempotencyKey");
        assertThatThrownBy(() -> csv.line("G,\"1,234.00\",USD,2016-06-30,,,K")).isInstanceOf(ApiProblem.class)
                .hasMessageStartingWith("amount:");
        assertThatThrownBy(() -> csv.line("G,1E3,USD,2016-06-30,,,K")).hasMessageStartingWith("amount:");
        assertThatThrownBy(() -> csv.line("G,10.00,USD,30/06/2016,,,K")).hasMessageStartingWith("valueDate:");
        assertThatThrownBy(() -> csv.line("G,10.00,USD")).hasMessageContaining("3 field(s), the header 7");
    }

    @Test
    void aHeaderMissingARequiredColumnOrNamingAnUnknownOneIsRefused() {
        assertThatThrownBy(() -> Csv.header("grantId,amount,currency,valueDate"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.slug()).isEqualTo("invalid-csv-header"))
                .hasMessageContaining("idempotencyKey");
        assertThatThrownBy(() -> Csv.header("grantId,amount,currency,valueDate,idempotencyKey,payee"))
                .hasMessageContaining("unknown column 'payee'");
        assertThatThrownBy(() -> Csv.header("grantId,amount,amount,currency,valueDate,idempotencyKey"))
                .hasMessageContaining("twice");
    }
}
