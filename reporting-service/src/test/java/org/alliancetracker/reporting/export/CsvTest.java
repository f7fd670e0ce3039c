package org.alliancetracker.reporting.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndRecordsEndInCrlf() {
        assertThat(Csv.record(Arrays.asList("GT", null, new BigDecimal("-1.50"), 2016, "a,b", "say \"hi\"",
                "two\nlines"))).isEqualTo("GT,,-1.50,2016,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
        assertThat(Csv.field(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsNeutralisedButNumbersAreNot() {
        assertThat(Csv.field("=HYPERLINK(\"http://x\",\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\"");
        assertThat(Csv.field("+1")).isEqualTo("'+1");
        assertThat(Csv.field("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.field("\tx")).isEqualTo("'\tx");
        assertThat(Csv.field("\rx")).isEqualTo("\"'\rx\"");
        assertThat(Csv.field("a=b")).isEqualTo("a=b");
        assertThat(Csv.field(new BigDecimal("-1234.50"))).isEqualTo("-1234.50");
        assertThat(Csv.field(-7L)).isEqualTo("-7");
        assertThat(Csv.field("")).isEqualTo("");
    }
}
