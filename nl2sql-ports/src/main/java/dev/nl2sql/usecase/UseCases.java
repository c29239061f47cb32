package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * Every use case, wired: what the CLI, the MCP server and the library call into.
 *
 * @param conversations the conversations the MCP server's questions belong to, wherever they are kept
 */
public record UseCases(Diagnose diagnose, ExploreSchema exploreSchema, RunSql runSql, RunTemplate runTemplate, GenerateSql generateSql,
        QueryHistory queryHistory, DrawChart drawChart, Conversations conversations) {

    public UseCases {
        requireNonNull(generateSql, "generateSql");
        requireNonNull(runTemplate, "runTemplate");
        requireNonNull(runSql, "runSql");
        requireNonNull(diagnose, "diagnose");
        requireNonNull(exploreSchema, "exploreSchema");
        requireNonNull(queryHistory, "queryHistory");
        requireNonNull(drawChart, "drawChart");
        requireNonNull(conversations, "conversations");
    }

    /** Use cases whose charts have no images and whose conversations are kept in this process. */
    public UseCases(Diagnose diagnose, ExploreSchema exploreSchema, RunSql runSql, RunTemplate runTemplate, GenerateSql generateSql,
            QueryHistory queryHistory) {
        this(diagnose, exploreSchema, runSql, runTemplate, generateSql, queryHistory, DrawChart.WITHOUT_IMAGES,
                new Conversations(generateSql, Conversations.Settings.DEFAULT, Clock.systemUTC()));
    }

    /** Use cases without an audit history to read back, whose charts have no images. */
    public UseCases(Diagnose diagnose, ExploreSchema exploreSchema, RunSql runSql, RunTemplate runTemplate, GenerateSql generateSql) {
        this(diagnose, exploreSchema, runSql, runTemplate, generateSql, QueryHistory.NONE);
    }

    /** {@return scoring of the generators on question files, over these use cases} */
    public Evaluate evaluate() {
        return new Evaluate(generateSql, runSql);
    }
}
