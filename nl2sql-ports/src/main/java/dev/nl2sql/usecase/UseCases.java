package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

/** Every use case, wired: what the CLI, the MCP server and the library call into. */
public record UseCases(Diagnose diagnose, ExploreSchema exploreSchema, RunSql runSql, RunTemplate runTemplate, GenerateSql generateSql,
        QueryHistory queryHistory, DrawChart drawChart) {

    public UseCases {
        requireNonNull(generateSql, "generateSql");
        requireNonNull(runTemplate, "runTemplate");
        requireNonNull(runSql, "runSql");
        requireNonNull(diagnose, "diagnose");
        requireNonNull(exploreSchema, "exploreSchema");
        requireNonNull(queryHistory, "queryHistory");
        requireNonNull(drawChart, "drawChart");
    }

    /** Use cases whose charts have no images. */
    public UseCases(Diagnose diagnose, ExploreSchema exploreSchema, RunSql runSql, RunTemplate runTemplate, GenerateSql generateSql,
            QueryHistory queryHistory) {
        this(diagnose, exploreSchema, runSql, runTemplate, generateSql, queryHistory, DrawChart.WITHOUT_IMAGES);
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
