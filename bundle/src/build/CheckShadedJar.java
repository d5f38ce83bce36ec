import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Build check of the bundle JAR (run by the bundle module's verify phase as a single-file Java
 * program): everything shaded in must be this project's code, under {@code dev/ssobundle/} — a
 * library the shade plugin includes has to be relocated there (e.g. {@code dev.ssobundle.shaded.x}).
 * Fails, naming the offending entries, on a class outside that prefix or a service registration
 * (META-INF/services) naming a class outside it: Keycloak would load a second, unrelocated copy of
 * a library it may ship itself.
 *
 * <p>Usage: {@code java CheckShadedJar.java <jar> [allowed class prefix ...]} (default {@code dev/ssobundle/}).
 */
public class CheckShadedJar {

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java CheckShadedJar.java <jar> [allowed class prefix ...]");
            System.exit(2);
        }
        List<String> allowed = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("dev/ssobundle/");
        List<String> foreign = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(args[0])) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    classes++;
                    // module-info and multi-release copies are as foreign as the classes themselves
                    if (allowed.stream().noneMatch(name::startsWith)) {
                        foreign.add(name);
                    }
                } else if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                            String implementation = line.replaceAll("#.*", "").trim();
                            if (!implementation.isEmpty() && allowed.stream().noneMatch(implementation.replace('.', '/')::startsWith)) {
                                foreign.add(name + " -> " + implementation);
                            }
                        }
                    }
                }
            }
        }
        if (!foreign.isEmpty()) {
            System.err.println("[CheckShadedJar] " + args[0] + " holds " + foreign.size()
                    + " entries outside " + allowed + " (relocate the library in bundle/pom.xml's shade configuration):");
            foreign.stream().limit(50).forEach(entry -> System.err.println("  " + entry));
            System.exit(1);
        }
        System.out.println("[CheckShadedJar] " + args[0] + ": " + classes + " classes, all under " + allowed);
    }
}
