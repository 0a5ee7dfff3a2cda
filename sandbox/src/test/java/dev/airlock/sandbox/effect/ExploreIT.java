package dev.airlock.sandbox.effect;

import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.support.PagilaSandbox;
import dev.airlock.sandbox.support.SharedServers;
import dev.airlock.sandbox.task.TaskSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServers.class)
class ExploreIT {
    @Test
    void explore() throws Exception {
        var sandbox = PagilaSandbox.sandbox();
        TaskSandbox task = sandbox.createTask("explore", PagilaSandbox.production());
        String[] changes = {
            "ALTER TABLE public.film ADD COLUMN rating2 int NOT NULL DEFAULT 0",
            "CREATE INDEX film_title_len ON film (length(title))",
            "DELETE FROM rental WHERE rental_id > 100",
            "GRANT SELECT ON film TO PUBLIC",
            "ALTER TABLE film ALTER COLUMN title TYPE varchar(100)",
            "CREATE ROLE evil SUPERUSER",
            "SELECT 1/0",
            "CREATE INDEX CONCURRENTLY film_x ON film (rental_rate)",
        };
        for (String sql : changes) {
            Effect effect = sandbox.computeEffect(task, ChangeSet.of(sql), EffectOptions.discard(PagilaSandbox.context(null)));
            System.err.println("=== " + sql + "\n" + effect.canonicalJson());
        }
        sandbox.dropTask("explore");
    }
}
