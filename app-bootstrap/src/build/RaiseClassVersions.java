import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the classes of a jar that are older than Java 6 (class file version 49 or less) as version 52, with the
 * stack maps the newer verifier needs, so that the JDK's AOT cache can hold them: it skips such "old" classes (they
 * need the old, inferring verifier), and picocli, which every command starts with, is compiled for Java 5. Those 180
 * classes were then loaded from the jar and verified at every start, about 50 ms before an MCP server's first answer.
 *
 * <p>{@code java RaiseClassVersions.java JAR...} (JDK 24+, the ClassFile API), run by aot-cache.sh before its training
 * run. A jar without old classes is left untouched, so a second run does nothing. A class whose rewritten form does not
 * pass {@link ClassFile#verify} keeps its original bytes: the cache then skips it, as before. Hand-written rather than a
 * library: the JDK's own ClassFile API does the work, and no Maven plugin does this.
 */
public final class RaiseClassVersions {

    private static final int OLDEST_WITH_STACK_MAPS = 50;
    private static final int RAISED = 52;
    private static final String NOTICE = "META-INF/CHANGED-BY-NL2SQL.txt";

    public static void main(String[] jars) throws IOException {
        for (String jar : jars) {
            raise(Path.of(jar));
        }
    }

    private static void raise(Path jar) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
        int raised = 0;
        int kept = 0;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            // stack maps name the common supertypes of branches, so the jar's own hierarchy must be readable too
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < OLDEST_WITH_STACK_MAPS) {
                        byte[] newer = raise(classFile, model);
                        if (classFile.verify(newer).isEmpty()) {
                            bytes = newer;
                            raised++;
                        } else {
                            kept++;
                        }
                    }
                }
                if (entry.getName().equals(NOTICE)) {
                    continue; // written anew below
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setLastModifiedTime(entry.getLastModifiedTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
            if (raised > 0) {
                // the licence asks modified files to say so: the changed jar carries why and how it was changed
                out.putNextEntry(new ZipEntry(NOTICE));
                out.write(("Changed by nl2sql's build (app-bootstrap/src/build/RaiseClassVersions.java): class files older than "
                        + "version 50 were rewritten as version " + RAISED + " with stack maps, so that the JDK's AOT cache can "
                        + "hold them; the code is otherwise as released.\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        if (raised == 0) {
            Files.delete(rewritten);
            return;
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.err.printf("raise-class-versions: %s: %d classes raised to version %d%s%n", jar.getFileName(), raised, RAISED,
                kept == 0 ? "" : ", " + kept + " kept as they were (their rewritten form failed verification)");
    }

    /** The version element comes first, so the methods after it are rebuilt, stack maps included, as version 52. */
    private static byte[] raise(ClassFile classFile, ClassModel model) {
        ClassTransform version = (builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(RAISED, 0);
            } else {
                builder.with(element);
            }
        };
        // a transform that is not ACCEPT_ALL, so each method's code is rebuilt rather than copied as it was
        CodeTransform rebuild = (code, element) -> code.with(element);
        return classFile.transformClass(model, version.andThen(ClassTransform.transformingMethodBodies(rebuild)));
    }
}
