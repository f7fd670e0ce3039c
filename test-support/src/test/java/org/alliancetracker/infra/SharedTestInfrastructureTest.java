package org.alliancetracker.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code -Ptestcontainers} without Docker is a failure that says why, never a silent run on the embedded parts. */
class SharedTestInfrastructureTest {

    @Test
    void askingForContainersWithoutDockerFailsNamingTheProfileAndTheWayOut() {
        assertThatThrownBy(() -> SharedTestInfrastructure.select("testcontainers", () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Ptestcontainers")
                .hasMessageContaining("no Docker answers")
                .hasMessageContaining("run without -Ptestcontainers");
    }
}
