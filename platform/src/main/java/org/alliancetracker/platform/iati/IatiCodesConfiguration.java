package org.alliancetracker.platform.iati;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link IatiCodes} of a service: the project's table, plus the official codelists of
 * {@code alliance.iati.codelists-dir} ({@code ALLIANCE_IATI_CODELISTS_DIR}) when an operator sets it.
 */
@AutoConfiguration
public class IatiCodesConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IatiCodes iatiCodes(@Value("${alliance.iati.codelists-dir:}") String directory) {
        return directory.isBlank() ? IatiCodes.bundled() : IatiCodes.withOfficial(Path.of(directory));
    }
}
