package org.alliancetracker.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

class PlainTextTest {

    record Request(@PlainText String reference) {
    }

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDBFF,
            0xDC00, 0xDFFF, 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF})
    void everyForbiddenClassIsRefusedNamingTheCodePoint(int codePoint) {
        String text = "ab" + new String(Character.toChars(codePoint)) + "c";
        assertThat(StrictText.firstForbidden(text)).isEqualTo(2);
        assertThat(validator.validate(new Request(text))).singleElement().satisfies(v -> {
            assertThat(v.getPropertyPath().toString()).isEqualTo("reference");
            assertThat(v.getMessage()).startsWith(String.format("must not contain U+%04X", codePoint))
                    .contains("at character 3");
        });
    }

    @Test
    void ordinaryTextTabsLineFeedsAndPairedSurrogatesAreAccepted() {
        for (String text : List.of("", "INV-1", "Salaries,\tQ2\nsecond line", "Política Nacional Civil ✓",
                "𝄞 music", "Windows\r\nline break", "\uFFFD", "\uFDCF\uFDF0", "\u00A0\u2028")) {
            assertThat(StrictText.firstForbidden(text)).as(text).isEqualTo(-1);
            assertThat(validator.validate(new Request(text))).as(text).isEmpty();
        }
        assertThat(validator.validate(new Request(null))).isEmpty();
    }

    @Test
    void describesEachClass() {
        assertThat(StrictText.describeForbidden("\u0001", 0)).contains("control character");
        assertThat(StrictText.describeForbidden("\uD800", 0)).contains("lone surrogate");
        assertThat(StrictText.describeForbidden("\uFFFE", 0)).contains("non-character");
    }
}
