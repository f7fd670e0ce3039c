package org.alliancetracker.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format is the contract: each event type has a golden JSON file under {@code src/test/resources/golden},
 * and any change to names, shapes or number formats fails here. Regenerate deliberately with
 * {@code -Dgolden.write=true} (then review the diff).
 */
class GoldenSamplesTest {

    private final EventCodec codec = new EventCodec();
    private final JsonMapper mapper = EventCodec.contractMapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void encodingASampleGivesExactlyTheGoldenJson(EventType type) throws IOException {
        String encoded = codec.encodeToString(Samples.envelope(type));
        if (Boolean.getBoolean("golden.write")) {
            Path file = Path.of("src/test/resources/golden", fileName(type));
            Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(encoded)) + "\n");
        }
        assertThat(encoded).isEqualTo(compact(golden(type)));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void decodingTheGoldenJsonGivesTheSampleAndEncodesBackUnchanged(EventType type) throws IOException {
        String golden = golden(type);
        CloudEvent<AllianceEvent> decoded = codec.decode(golden.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isEqualTo(Samples.envelope(type));
        assertThat(decoded.data()).isInstanceOf(type.eventClass());
        assertThat(decoded.topic()).isEqualTo(type.topic());
        assertThat(codec.encodeToString(decoded)).isEqualTo(compact(golden));
    }

    private String compact(String json) {
        return mapper.writeValueAsString(mapper.readTree(json));
    }

    private static String golden(EventType type) throws IOException {
        try (InputStream in = GoldenSamplesTest.class.getResourceAsStream("/golden/" + fileName(type))) {
            assertThat(in).as("golden sample for %s", type).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fileName(EventType type) {
        return type.type() + ".json";
    }
}
