package org.alliancetracker.disbursement.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import reactor.core.publisher.Flux;

class LineSplitterTest {

    @Test
    void linesAreCutWhereverTheBuffersEnd() {
        String body = "{\"a\":1}\n{\"b\":22}\r\n\n  \n{\"c\":333}";
        for (int size = 1; size <= body.length(); size++) {
            assertThat(split(body, size, false, 1000))
                    .as("buffers of %d bytes", size)
                    .containsExactly("1:{\"a\":1}", "2:{\"b\":22}", "5:{\"c\":333}");
        }
    }

    @Test
    void aLineBreakInsideAQuotedCsvFieldBelongsToTheField() {
        String body = "h1,h2\r\n\"multi\r\nline\",\"a \"\"quoted\"\" word\"\r\nx,y\r\n";
        assertThat(split(body, 3, true, 1000))
                .containsExactly("1:h1,h2", "2:\"multi\r\nline\",\"a \"\"quoted\"\" word\"", "4:x,y");
    }

    @Test
    void aByteOrderMarkAtTheStartIsDropped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "a,b\nc,d\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, body, 0, bom.length);
        System.arraycopy(text, 0, body, bom.length, text.length);
        assertThat(split(body, 2, true, 1000)).containsExactly("1:a,b", "2:c,d");
    }

    @Test
    void aTooLongLineIsReportedAndTheNextLinesGoOn() {
        String body = "short\n" + "x".repeat(50) + "\n\"unclosed quote " + "y".repeat(50) + "\nafter\n";
        assertThat(split(body, 7, true, 20))
                .containsExactly("1:short", "2:<too long>", "3:<too long>", "4:after");
    }

    private static List<String> split(String body, int bufferSize, boolean csv, int max) {
        return split(body.getBytes(StandardCharsets.UTF_8), bufferSize, csv, max);
    }

    private static List<String> split(byte[] body, int bufferSize, boolean csv, int max) {
        List<DataBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < body.length; i += bufferSize) {
            byte[] chunk = java.util.Arrays.copyOfRange(body, i, Math.min(body.length, i + bufferSize));
            buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(chunk));
        }
        return LineSplitter.split(Flux.fromIterable(buffers), csv, max)
                .map(r -> r.line() + ":" + (r.tooLong() ? "<too long>" : new String(r.bytes(), StandardCharsets.UTF_8)))
                .collectList().block();
    }
}
