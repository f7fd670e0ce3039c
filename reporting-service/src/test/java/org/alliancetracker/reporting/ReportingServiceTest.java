package org.alliancetracker.reporting;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.alliancetracker.issuer.DefaultBearerToken;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * reporting-service started for real on a random port, against the JVM's shared Kafka broker and MongoDB-wire server
 * (see {@link InfrastructureProperties}), with its own database and consumer group. Heartbeats and the sweep for
 * unpublished views are quick, so tests of them need not wait long.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ReportingServiceApplication.CONFIG_NAME,
                "spring.main.web-application-type=reactive", "alliance.test.default-client=test-admin",
                "spring.mongodb.database=" + ReportingServiceTest.DATABASE,
                "alliance.reporting.consumer-group=" + ReportingServiceTest.GROUP,
                "alliance.reporting.stream.heartbeat=1s",
                "alliance.reporting.views.publish-sweep-interval=1s",
                "alliance.reporting.rebuild.grace-period=2s"})
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import(DefaultBearerToken.class)
public @interface ReportingServiceTest {

    String DATABASE = "reporting-it";
    String GROUP = "reporting-it";
}
