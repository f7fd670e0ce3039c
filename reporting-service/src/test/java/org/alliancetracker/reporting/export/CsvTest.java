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
}
