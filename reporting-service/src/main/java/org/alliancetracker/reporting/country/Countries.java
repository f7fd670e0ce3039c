package org.alliancetracker.reporting.country;

import java.util.Arrays;
import java.util.Locale;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.web.ApiProblem;

/** Country codes as clients write them in paths and parameters ({@code gt} or {@code GT}). */
public final class Countries {

    private Countries() {
    }

    /** @throws ApiProblem 404 {@code not-found} naming the known countries */
    public static Country parse(String iso2) {
        String code = iso2 == null ? "" : iso2.toUpperCase(Locale.ROOT);
        return Arrays.stream(Country.values()).filter(c -> c.name().equals(code)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Country", iso2)
                        .with("known", Arrays.stream(Country.values()).map(Country::name).toList()));
    }
}
