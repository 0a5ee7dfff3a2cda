package dev.airlock.proxy.cli;

import dev.airlock.proxy.config.Setting;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code airlock settings}: every configuration key with its form, default and meaning. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "List every configuration setting with its form, default and meaning.")
final class SettingsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Setting<?> setting : Setting.all()) {
            String defaultValue = setting.isRequired() ? "(required)"
                    : setting.defaultValue() == null ? "(not set)" : String.valueOf(setting.defaultValue());
            System.out.printf("%s%n    %s%n    form: %s; default: %s%n%n", setting.key(), setting.description(),
                    setting.type().describe(), defaultValue);
        }
        System.out.println("identities\n    A list of {name, kind: application, password_verifier} "
                + "(verifier from `airlock hash-password`, literal or env:/file:).");
        return ExitCodes.OK;
    }
}
