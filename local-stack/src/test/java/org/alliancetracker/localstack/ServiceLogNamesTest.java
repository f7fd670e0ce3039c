package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** In the one-JVM stack every log line names its part, not the first application's name. */
class ServiceLogNamesTest {

    @Test
    void aPartsOwnCodeIsNamedByPackageOnAnyThread() throws Exception {
        ServiceLogNames.starting("alpha-service", "org.example.alpha", () -> null);
        ServiceLogNames.starting("beta-service", "org.example.beta", () -> null);

        assertThat(ServiceLogNames.of("org.example.alpha.ledger.Sweeper")).isEqualTo("alpha-service");
        assertThat(onThread("reactor-http-nio-3", () -> ServiceLogNames.of("org.example.beta.web.Api")))
                .isEqualTo("beta-service");
        assertThat(ServiceLogNames.of("kafka.server.BrokerServer")).isEqualTo("kafka");
        assertThat(ServiceLogNames.of("org.apache.kafka.controller.QuorumController")).isEqualTo("kafka");
        assertThat(ServiceLogNames.of("de.bwaldvogel.mongo.MongoServer")).isEqualTo("mongo");
    }

    @Test
    void frameworkAndPlatformLinesAreNamedByThePartWhoseStartCreatedTheirThread() throws Exception {
        AtomicReference<CompletableFuture<String>> consumerThread = new AtomicReference<>();
        AtomicReference<CompletableFuture<String>> sharedLoop = new AtomicReference<>();
        ServiceLogNames.starting("gamma-service", "org.example.gamma", () -> {
            consumerThread.set(onThreadAsync("binding-consumer-C-1",
                    () -> ServiceLogNames.of("org.springframework.kafka.KafkaMessageListenerContainer")));
            sharedLoop.set(onThreadAsync("reactor-http-nio-1",
                    () -> ServiceLogNames.of("org.springframework.web.server.adapter.HttpWebHandlerAdapter")));
            return null;
        });
        ServiceLogNames.starting("delta-service", "org.example.delta", () -> null);

        assertThat(consumerThread.get().get()).isEqualTo("gamma-service");
        assertThat(sharedLoop.get().get()).as("a loop shared by all parts is not the part that created it")
                .isNotEqualTo("gamma-service").isEqualTo("local-stack");
        assertThat(ServiceLogNames.of("org.alliancetracker.platform.outbox.OutboxRelay"))
                .as("the main thread after start-up belongs to no part").isEqualTo("local-stack");
    }

    private static String onThread(String name, java.util.function.Supplier<String> work) throws Exception {
        return onThreadAsync(name, work).get();
    }

    private static CompletableFuture<String> onThreadAsync(String name, java.util.function.Supplier<String> work) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(work.get()), name);
        thread.start();
        return result;
    }
}
