package dev.airlock.approver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** What every route does with a request: find the bearer token's holder, read a JSON body. */
final class Requests {
    private Requests() {
    }

    /** The holder of the request's bearer token, or 401 naming what kind of token was expected. */
    static <T> T authenticate(Context ctx, BearerTokens<T> tokens, String whose) {
        return holder(ctx, tokens).orElseThrow(() -> unauthenticated(ctx, whose));
    }

    static <T> Optional<T> holder(Context ctx, BearerTokens<T> tokens) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        return tokens.authenticate(token);
    }

    static Problem unauthenticated(Context ctx, String whose) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"airlock\"");
        return new Problem(401, "unauthenticated", "Unauthenticated", ctx.header("Authorization") == null
                ? "send Authorization: Bearer <" + whose + " token>" : "the bearer token is not " + whose + "'s");
    }

    /** The body as {@code type}; 400 when it is not a JSON object of that shape. */
    static <T> T body(Context ctx, ObjectMapper json, Class<T> type) {
        try {
            T body = json.readValue(ctx.bodyAsBytes(), type);
            if (body == null) {
                throw new Problem(400, "bad-body", "Bad request body", "the body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new Problem(400, "bad-body", "Bad request body", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
