package dev.airlock.approver.api;

import dev.airlock.approver.approval.Approver;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request, from its {@code Authorization: Bearer} token: an approver, an admin, or
 * either ("a reader": everything a reviewer or an operator may look at). A missing or unknown
 * token is a 401 naming the kind of token the route wants.
 */
public final class Callers {
    private final BearerTokens<Approver> approvers;
    private final BearerTokens<Admin> admins;

    public Callers(List<Approver> approvers, List<Admin> admins) {
        this.approvers = new BearerTokens<>(approvers, Approver::tokenSha256);
        this.admins = new BearerTokens<>(admins, Admin::tokenSha256);
    }

    Approver approver(Context ctx) {
        return Requests.holder(ctx, approvers).orElseThrow(() -> Requests.unauthenticated(ctx, "an approver"));
    }

    Admin admin(Context ctx) {
        return Requests.holder(ctx, admins).orElseThrow(() -> Requests.unauthenticated(ctx, "an admin"));
    }

    /** An approver or an admin. */
    Caller reader(Context ctx) {
        return caller(ctx).orElseThrow(() -> Requests.unauthenticated(ctx, "an admin or approver"));
    }

    Optional<Caller> caller(Context ctx) {
        Optional<Caller> approver = Requests.holder(ctx, approvers)
                .map(found -> new Caller(found.name(), Caller.Role.APPROVER, found.groups()));
        return approver.isPresent() ? approver : Requests.holder(ctx, admins)
                .map(found -> new Caller(found.name(), Caller.Role.ADMIN, Set.of()));
    }
}
