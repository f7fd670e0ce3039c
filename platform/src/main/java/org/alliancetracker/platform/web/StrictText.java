package org.alliancetracker.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Text of a request decoded strictly: bytes that are not valid in their charset (for UTF-8: overlong forms such as
 * {@code C0 AF} for {@code /}, encoded surrogates, stray continuation bytes) are an error, never replaced or
 * guessed. Jackson's own UTF-8 reader decodes an overlong {@code C0 AF} to {@code /}, so a body could carry
 * characters that no check of the visible text would see.
 */
public final class StrictText {

    private StrictText() {
    }

    /** The text, or the 400 {@code malformed-request} problem naming {@code field} if the bytes are not valid. */
    public static String decode(byte[] bytes, Charset charset, String field) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            String message = "not valid " + charset.name();
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                    field + ": " + message).with("errors", List.of(new ApiProblem.FieldError(field, message)));
        }
    }

    /** Whether the bytes are valid in the charset. */
    public static boolean isValid(ByteBuffer bytes, Charset charset) {
        try {
            charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.duplicate());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
