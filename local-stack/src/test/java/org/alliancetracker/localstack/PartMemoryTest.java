package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Every part of the stack in its own JVM gets a heap bound, unless the options already set one. */
class PartMemoryTest {

    @Test
    void everyPartHasAHeapBound() {
        for (String part : List.of("kafka", "mongo", "issuer", "grants", "disbursement", "reporting")) {
            assertThat(PartMemory.options(part, LocalStack.PART_JVM_OPTIONS)).as(part).singleElement()
                    .satisfies(option -> assertThat(option).matches("-Xmx\\d+[mg]"));
        }
        assertThat(PartMemory.options("mongo", List.of())).containsExactly("-Xmx448m");
    }

    @Test
    void explicitOptionsWin() {
        assertThat(PartMemory.options("mongo", List.of("-XX:+UseSerialGC", "-Xmx2g"))).isEmpty();
        assertThat(PartMemory.options("reporting", List.of("-XX:MaxRAMPercentage=25"))).isEmpty();
        System.setProperty("alliance.part.heap.grants", "300m");
        try {
            assertThat(PartMemory.options("grants", List.of())).containsExactly("-Xmx300m");
        } finally {
            System.clearProperty("alliance.part.heap.grants");
        }
    }
}
