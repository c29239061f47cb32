package dev.nl2sql.bootstrap;

import dev.nl2sql.bootstrap.config.ConfigLoader;
import dev.nl2sql.bootstrap.config.DatabaseConfig;
import dev.nl2sql.bootstrap.config.Nl2SqlConfig;
import dev.nl2sql.bootstrap.config.Secret;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.postgres.DatabaseBreakers;
import dev.nl2sql.postgres.DatabaseConnections;
import dev.nl2sql.postgres.DatabasePools;
import dev.nl2sql.postgres.DatabaseSettings;
import dev.nl2sql.postgres.PostgresDatabaseProbe;
import dev.nl2sql.usecase.Diagnose;
import dev.nl2sql.usecase.UseCases;
import java.nio.file.Path;
import java.util.Optional;

/** Wires nl2sql from its configuration: adapters built, handed their settings, plugged into the use cases. */
public final class Application implements Launcher {

    private final ConfigLoader loader;

    public Application(ConfigLoader loader) {
        this.loader = loader;
    }

    @Override
    public Launch launch(Optional<Path> configFile) {
        return switch (loader.load(configFile)) {
            case ConfigLoader.Outcome.Invalid invalid ->
                    new Launch.Misconfigured(invalid.problems().stream().map(Object::toString).toList());
            case ConfigLoader.Outcome.Loaded loaded -> ready(loaded.config());
        };
    }

    private static Launch ready(Nl2SqlConfig config) {
        DatabasePools pools = new DatabasePools(config.databases().stream().map(Application::settings).toList());
        DatabaseConnections connections = new DatabaseConnections(pools, new DatabaseBreakers());
        UseCases useCases = new UseCases(new Diagnose(new PostgresDatabaseProbe(connections)));
        return new Launch.Ready(config.source(), useCases, pools);
    }

    static DatabaseSettings settings(DatabaseConfig database) {
        return new DatabaseSettings(database.identity(), database.password().map(Secret::value), database.poolSize(),
                database.connectTimeout(), database.statementTimeout(), database.readOnlyRole(),
                DatabaseSettings.DEFAULT_BREAKER_OPEN_FOR);
    }
}
