package dev.airlock.approver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** What routes do with a request: find the bearer token's holder, read a JSON body or a limit. */
final class Requests {
    /** The most any list answers with, whatever {@code limit} asks. */
    static final int MAX_LIMIT = 1_000;

    private Requests() {
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
    static <T> T body(Context ctx, Class<T> type) {
        try {
            T body = ApiServer.JSON.readValue(ctx.bodyAsBytes(), type);
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

    /** The {@code limit} query parameter, {@code fallback} when absent; 400 unless 1 to {@value #MAX_LIMIT}. */
    static int limit(Context ctx, int fallback) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Problem(400, "bad-filter", "Bad filter", "limit must be a number from 1 to " + MAX_LIMIT + ", not '"
                + value + "'");
    }
}
