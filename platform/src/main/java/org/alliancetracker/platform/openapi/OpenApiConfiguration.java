package org.alliancetracker.platform.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alliancetracker.platform.web.ApiProblem;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The OpenAPI 3 description of a service ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): title and
 * description from {@code alliance.openapi.*}, version from the build, the {@code bearer} security scheme (JWT from
 * the token issuer), a {@code ProblemDetail} schema, and for each operation the problem types it can answer
 * ({@link ProblemTypes}; 401 and 403 added to every operation that needs a token).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(OperationCustomizer.class)
@EnableConfigurationProperties(OpenApiConfiguration.ApiDescription.class)
public class OpenApiConfiguration {

    public static final String SECURITY_SCHEME = "bearer";
    static final String PROBLEM_SCHEMA = "ProblemDetail";

    /**
     * @param title       the API's title, e.g. "Alliance Tracker: grants-service"
     * @param description what the API is for (Markdown)
     */
    @ConfigurationProperties("alliance.openapi")
    public record ApiDescription(String title, String description) {
    }

    @Bean
    OpenAPI allianceOpenApi(ApiDescription api, ObjectProvider<BuildProperties> build,
                            org.springframework.core.env.Environment environment) {
        String name = environment.getProperty("spring.application.name", "service");
        BuildProperties buildProperties = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info()
                        .title(api.title() != null ? api.title() : "Alliance Tracker: " + name)
                        .description(api.description())
                        .version(buildProperties != null ? buildProperties.getVersion() : "dev"))
                .components(new Components()
                        .addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("An OAuth2 access token from the token issuer (client credentials: "
                                        + "POST <issuer>/oauth2/token with grant_type=client_credentials and the "
                                        + "scopes the operation names)"))
                        .addSchemas(PROBLEM_SCHEMA, problemSchema()));
    }

    @Bean
    OperationCustomizer problemTypesCustomizer() {
        return (operation, handlerMethod) -> {
            Map<Integer, List<String>> problems = new TreeMap<>();
            ProblemTypes declared = handlerMethod.getMethodAnnotation(ProblemTypes.class);
            if (declared != null) {
                for (String problem : declared.value()) {
                    String[] parts = problem.trim().split("\\s+", 2);
                    problems.computeIfAbsent(Integer.parseInt(parts[0]), s -> new java.util.ArrayList<>()).add(parts[1]);
                }
            }
            if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                problems.putIfAbsent(401, List.of("unauthorized"));
                problems.putIfAbsent(403, List.of("forbidden"));
            }
            if (problems.isEmpty()) {
                return operation;
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            problems.forEach((status, slugs) -> responses.addApiResponse(Integer.toString(status),
                    problemResponse(status, slugs)));
            operation.setResponses(responses);
            return operation;
        };
    }

    /**
     * Each tag once: controllers sharing a tag (several "Views", the platform's dead letters beside a service's own
     * "Operations") would otherwise list it once per distinct description, which the OpenAPI specification forbids
     * and client generators trip over. The first non-blank description wins; a tag an operation uses but no
     * controller described is declared too.
     */
    @Bean
    OpenApiCustomizer uniqueTagsCustomizer() {
        return openApi -> {
            Map<String, Tag> byName = new LinkedHashMap<>();
            if (openApi.getTags() != null) {
                for (Tag tag : openApi.getTags()) {
                    Tag kept = byName.putIfAbsent(tag.getName(), tag);
                    if (kept != null && isBlank(kept.getDescription()) && !isBlank(tag.getDescription())) {
                        byName.put(tag.getName(), tag);
                    }
                }
            }
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                    if (operation.getTags() != null) {
                        operation.getTags().forEach(name -> byName.computeIfAbsent(name, n -> new Tag().name(n)));
                    }
                }));
            }
            openApi.setTags(byName.isEmpty() ? null : new java.util.ArrayList<>(byName.values()));
        };
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static ApiResponse problemResponse(int status, List<String> slugs) {
        Map<String, Example> examples = new LinkedHashMap<>();
        for (String slug : slugs) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", ApiProblem.TYPE_PREFIX + slug);
            body.put("title", title(slug));
            body.put("status", status);
            body.put("detail", "…");
            examples.put(slug, new Example().summary(ApiProblem.TYPE_PREFIX + slug).value(body));
        }
        HttpStatus known = HttpStatus.resolve(status);
        return new ApiResponse()
                .description((known == null ? "Problem" : known.getReasonPhrase()) + ": "
                        + String.join(", ", slugs.stream().map(s -> ApiProblem.TYPE_PREFIX + s).toList()))
                .content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new io.swagger.v3.oas.models.media.MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))
                                .examples(examples)));
    }

    private static String title(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.addProperty("field", new StringSchema().example("amount"));
        fieldError.addProperty("message", new StringSchema().example("must be a positive amount in USD with at most 2 decimals"));
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details; the type names the rule (/problems/<slug>); further properties "
                + "carry what the client needs to act (e.g. remaining, available, grantStatus)");
        problem.addProperty("type", new StringSchema().example("/problems/insufficient-obligation"));
        problem.addProperty("title", new StringSchema().example("Insufficient obligation"));
        problem.addProperty("status", new IntegerSchema().example(409));
        problem.addProperty("detail", new StringSchema().example("The amount exceeds the remaining obligation"));
        problem.addProperty("instance", new StringSchema().example("/api/v1/disbursements"));
        problem.addProperty("errors", new ArraySchema().items(fieldError)
                .description("the offending fields (400 malformed-request, 422 invalid-request)"));
        return problem;
    }
}
