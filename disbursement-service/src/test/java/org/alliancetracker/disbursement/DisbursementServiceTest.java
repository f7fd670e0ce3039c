package org.alliancetracker.disbursement;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.alliancetracker.issuer.DefaultBearerToken;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * disbursement-service started for real on a random port against the JVM's shared broker and MongoDB-wire server,
 * called by USAID's agency client unless a test says otherwise.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + DisbursementServiceApplication.CONFIG_NAME,
                "spring.main.web-application-type=reactive", "alliance.test.default-client=test-usaid",
                "spring.mongodb.database=disbursements-it",
                // the sweeper runs often so that tests of crash recovery finish quickly; it is safe at any rate
                "alliance.disbursements.sweep-interval=250ms",
                "alliance.disbursements.sweep-age=5s"})
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import(DefaultBearerToken.class)
public @interface DisbursementServiceTest {
}
