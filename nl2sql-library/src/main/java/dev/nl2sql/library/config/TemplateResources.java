package dev.nl2sql.library.config;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.template.QueryTemplate;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/** Query templates read from streams such as classpath resources, checked like template files. */
public final class TemplateResources {

    private final TemplateFiles files;

    /** @param databases the databases templates may name */
    public TemplateResources(Set<DatabaseName> databases) {
        this.files = new TemplateFiles(databases);
    }

    /** {@return the valid templates of one YAML document; the rest become {@link #problems()}} */
    public List<QueryTemplate> read(String source, InputStream in) {
        return files.read(source, in);
    }

    /** {@return every problem found so far, with its source and path} */
    public List<String> problems() {
        return files.problems().stream().map(Object::toString).toList();
    }
}
