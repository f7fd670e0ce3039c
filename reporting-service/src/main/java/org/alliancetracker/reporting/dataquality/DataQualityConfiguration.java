package org.alliancetracker.reporting.dataquality;


import org.alliancetracker.platform.security.AccessRules;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Binds {@link DataQualityProperties}; the dashboard panel's own script and style are public like the rest of the
 * dashboard (the report itself is a {@code GET /api/v1/**}, covered by the service's rule).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataQualityProperties.class)
class DataQualityConfiguration {

    static final String[] PANEL_FILES = {"/data-quality.js", "/data-quality.css"};

    @Bean
    AccessRules dataQualityPanelFiles() {
        return exchanges -> exchanges.pathMatchers(HttpMethod.GET, PANEL_FILES).permitAll();
    }

}
