package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.localstack.AllianceServices.Service;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three API descriptions ({@code /v3/api-docs}) are valid OpenAPI that client generators accept: each tag
 * declared once, every tag an operation uses declared, every parameter with a schema, operation ids named (camelCase, no generated {@code _1}) and unique, every
 * {@code $ref} resolving. Each document is written to {@code target/openapi/<service>.json}; with {@code SPECTRAL}
 * set to a Spectral executable (as {@code .ci/run} does) it is also linted with the {@code spectral:oas} ruleset
 * ({@code .ci/spectral.yaml}) and must have no error.
 */
class ApiDescriptionsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @EnumSource(Service.class)
    void theApiDescriptionIsValidOpenApi(Service service) throws Exception {
        byte[] document = WebTestClient.bindToServer().baseUrl(RunningSystem.get().url(service))
                .responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        Path file = Path.of("target", "openapi", service.logName() + ".json");
        Files.createDirectories(file.getParent());
        Files.write(file, document);

        JsonNode api = JSON.readTree(document);
        assertThat(api.path("openapi").asString()).startsWith("3.");
        assertThat(api.path("info").path("title").asString()).isNotBlank();
        List<String> tags = new ArrayList<>();
        api.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        assertThat(tags).as("tags declared once").doesNotHaveDuplicates();
        Set<String> operationIds = new HashSet<>();
        List<String> problems = new ArrayList<>();
        api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (!List.of("get", "put", "post", "delete", "patch", "head", "options").contains(entry.getKey())) {
                return;
            }
            String where = entry.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = entry.getValue();
            operation.path("tags").forEach(tag -> {
                if (!tags.contains(tag.asString())) {
                    problems.add(where + ": tag " + tag.asString() + " not declared");
                }
            });
            String id = operation.path("operationId").asString();
            if (id.isBlank() || !operationIds.add(id)) {
                problems.add(where + ": operationId '" + id + "' missing or not unique");
            } else if (!id.matches("[a-z][A-Za-z0-9]*")) {
                // springdoc's own names for unnamed operations ("list_3") depend on the order the controllers are
                // found, so generated clients would change names (and model classes) from one build to the next
                problems.add(where + ": operationId '" + id + "' is generated, name it in @Operation(operationId)");
            }
            operation.path("parameters").forEach(parameter -> {
                if (!parameter.has("schema") && !parameter.has("content")) {
                    problems.add(where + ": parameter " + parameter.path("name").asString() + " has no schema");
                }
            });
        }));
        collectRefs(api, api, problems);
        assertThat(problems).isEmpty();

        String spectral = System.getenv("SPECTRAL");
        Assumptions.assumeTrue(spectral != null && !spectral.isBlank(), "Spectral lint: SPECTRAL not set");
        Path ruleset = Path.of("..", ".ci", "spectral.yaml").toAbsolutePath().normalize();
        Process lint = new ProcessBuilder(spectral, "lint", "--ruleset", ruleset.toString(), "--fail-severity=error",
                file.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as("spectral lint of %s:%n%s", file, output).isZero();
    }

    private static void collectRefs(JsonNode root, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString()) {
                String pointer = ref.asString();
                if (!pointer.startsWith("#/") || root.at(pointer.substring(1)).isMissingNode()) {
                    problems.add("unresolved $ref " + pointer);
                }
            }
            node.properties().forEach(entry -> collectRefs(root, entry.getValue(), problems));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(root, child, problems));
        }
    }
}
