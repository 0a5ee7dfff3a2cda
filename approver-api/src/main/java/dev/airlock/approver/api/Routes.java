package dev.airlock.approver.api;

import io.javalin.Javalin;

/** One group of the control plane's HTTP routes, registered on the shared server. */
public interface Routes {
    void register(Javalin app);
}
