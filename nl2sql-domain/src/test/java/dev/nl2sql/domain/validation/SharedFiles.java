package dev.nl2sql.domain.validation;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's shared folder (corpora, datasets), a sibling of the repository, by walking up from here. */
final class SharedFiles {

    private SharedFiles() {}

    /** {@return the path of {@code relative} (e.g. "corpora/accept.jsonl") under the nearest shared folder} */
    static Path resolve(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("shared"), dir.resolveSibling("shared")}) {
                if (candidate != null && Files.isDirectory(candidate.resolve("corpora"))) {
                    return candidate.resolve(relative);
                }
            }
        }
        throw new IllegalStateException("no shared/corpora folder above " + Path.of("").toAbsolutePath());
    }
}
