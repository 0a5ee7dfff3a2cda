package dev.airlock.approver.api;

import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.task.AgentProfile;
import dev.airlock.approver.task.Tasks;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who the caller is ({@code /api/me}, for the web UI), and every identity Airlock knows, of the
 * four kinds: applications (read-only), agents (with their owner and whether they are disabled),
 * approvers (with their groups) and admins. Names only; no verifier or token hash ever leaves.
 */
public final class IdentityRoutes implements Routes {
    static final List<String> ROUTES = List.of("GET /api/me", "GET /api/identities");

    private final Callers callers;
    private final Tasks tasks;
    private final List<String> applications;
    private final List<Approver> approvers;
    private final List<Admin> admins;

    public IdentityRoutes(Callers callers, Tasks tasks, List<String> applications, List<Approver> approvers,
                          List<Admin> admins) {
        this.callers = callers;
        this.tasks = tasks;
        this.applications = List.copyOf(applications);
        this.approvers = List.copyOf(approvers);
        this.admins = List.copyOf(admins);
    }

    @Override
    public void register(Javalin app) {
        app.addHttpHandler(HandlerType.GET, "/api/me", this::me);
        app.addHttpHandler(HandlerType.GET, "/api/identities", this::identities);
    }

    private void me(Context ctx) {
        Caller caller = callers.reader(ctx);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", caller.name());
        view.put("role", caller.role().name().toLowerCase(Locale.ROOT));
        view.put("groups", caller.groups().stream().sorted().toList());
        ctx.json(view);
    }

    private void identities(Context ctx) {
        callers.reader(ctx);
        List<Map<String, Object>> all = new ArrayList<>();
        applications.stream().sorted().forEach(name -> all.add(identity(name, "application")));
        tasks.agents().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(AgentProfile::name)))
                .forEach(entry -> {
                    Map<String, Object> agent = identity(entry.getKey().name(), "agent");
                    agent.put("owner", entry.getKey().owner());
                    agent.put("disabled", entry.getValue());
                    all.add(agent);
                });
        approvers.stream().sorted(Comparator.comparing(Approver::name)).forEach(approver -> {
            Map<String, Object> view = identity(approver.name(), "approver");
            view.put("groups", approver.groups().stream().sorted().toList());
            all.add(view);
        });
        admins.stream().sorted(Comparator.comparing(Admin::name)).forEach(admin -> all.add(identity(admin.name(), "admin")));
        ctx.json(all);
    }

    private static Map<String, Object> identity(String name, String kind) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("kind", kind);
        return view;
    }
}
