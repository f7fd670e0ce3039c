package org.alliancetracker.grants;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.alliancetracker.issuer.DefaultBearerToken;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * grants-service started for real on a random port, against the JVM's shared Kafka broker and MongoDB-wire server
 * (see {@link InfrastructureProperties}), called with a program officer's token unless a test says otherwise.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + GrantsServiceApplication.CONFIG_NAME, "spring.main.web-application-type=reactive",
                "spring.mongodb.database=grants-it"})
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import(DefaultBearerToken.class)
public @interface GrantsServiceTest {
}
