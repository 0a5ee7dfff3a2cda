package dev.airlock.sandbox.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerViewTest {
    private final ServerView sandbox = new ServerView(Map.of("airlock_sandbox_task_mine", "change_role",
            "airlock_sandbox_as_admin", "admin"), Set.of("postgres", "airlock_sandbox_task_mine"), Set.of(),
            "airlock_sandbox_", Set.of("postgres", "reporting", "airlock_sandbox_task_mine", "airlock_sandbox_as_admin",
                    "airlock_sandbox_mirrored_by_name"));

    @Test
    void rolesHiddenWhenTheViewWasMadeAreTheServersOwn() {
        assertThat(sandbox.isOwnRole("postgres")).isTrue();
        assertThat(sandbox.listed("postgres")).isFalse();
        assertThat(sandbox.isOwnRole("reporting")).isFalse();
        assertThat(sandbox.listed("reporting")).isTrue();
    }

    @Test
    void aTaskRoleCreatedSinceIsTheServersOwnThoughTheViewNeverSawIt() {
        assertThat(sandbox.isOwnRole("airlock_sandbox_task_other")).isTrue();
        assertThat(sandbox.listed("airlock_sandbox_task_other")).isFalse();
    }

    @Test
    void knownOrRenamedRolesWithThePrefixFollowTheView() {
        assertThat(sandbox.isOwnRole("airlock_sandbox_as_admin")).isFalse();
        assertThat(sandbox.isOwnRole("airlock_sandbox_mirrored_by_name")).isFalse();
        assertThat(sandbox.name("airlock_sandbox_as_admin")).isEqualTo("admin");
    }

    @Test
    void productionIsReadAsItIs() {
        assertThat(ServerView.AS_IS.isOwnRole("airlock_sandbox_task_other")).isFalse();
        assertThat(ServerView.AS_IS.listed("pg_monitor")).isFalse();
        assertThat(ServerView.AS_IS.listed("reporting")).isTrue();
    }
}
