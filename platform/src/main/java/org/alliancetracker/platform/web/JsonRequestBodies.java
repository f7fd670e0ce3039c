package org.alliancetracker.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.MimeType;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import tools.jackson.databind.json.JsonMapper;

/**
 * How JSON request bodies are read:
 * <ul>
 *   <li>only when sent as {@code application/json}: the default reader also takes {@code application/x-ndjson} and
 *       any {@code application/*+json} (a JSON Patch, say) as if it were the resource itself, so a body meant as
 *       something else changed the budget. Anything else is 415 {@code unsupported-media-type};</li>
 *   <li>only if the bytes are valid UTF-8 ({@link StrictText}): Jackson decodes an overlong {@code C0 AF} to
 *       {@code /}. Invalid bytes are 400 {@code malformed-request}.</li>
 * </ul>
 * Runs after Boot's own codec set-up (lowest precedence) and keeps its strict {@link JsonMapper}. The bulk upload
 * reads its body itself and is not affected.
 */
public class JsonRequestBodies implements WebFluxConfigurer, Ordered {

    private final JsonMapper json;

    public JsonRequestBodies(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().jacksonJsonDecoder(new StrictUtf8Decoder(json));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Refuses a body that is not valid UTF-8 before Jackson reads it. */
    static final class StrictUtf8Decoder extends JacksonJsonDecoder {

        StrictUtf8Decoder(JsonMapper json) {
            super(json, MediaType.APPLICATION_JSON);
        }

        @Override
        public Object decode(DataBuffer buffer, ResolvableType targetType, MimeType mimeType,
                             Map<String, Object> hints) {
            Charset charset = mimeType == null ? null : mimeType.getCharset();
            if (charset == null || StandardCharsets.UTF_8.equals(charset)) {
                ByteBuffer bytes = ByteBuffer.allocate(buffer.readableByteCount());
                buffer.toByteBuffer(bytes);
                bytes.clear(); // the whole copy, whether or not copying moved the position
                if (!StrictText.isValid(bytes, StandardCharsets.UTF_8)) {
                    DataBufferUtils.release(buffer);
                    throw new InvalidUtf8("The request body is not valid UTF-8");
                }
            }
            return super.decode(buffer, targetType, mimeType, hints);
        }
    }

    /** A body whose bytes are not valid UTF-8 (answered 400 by {@link ProblemResponses}). */
    static final class InvalidUtf8 extends DecodingException {
        InvalidUtf8(String message) {
            super(message);
        }
    }
}
