package org.pumpmonitor.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every YAML document under deploy/kubernetes/, as the user applies it. */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper();

    /** One document of one file. */
    record Manifest(Path file, int index, ObjectNode document) {
        String kind() {
            return document.path("kind").asText();
        }

        String apiVersion() {
            return document.path("apiVersion").asText();
        }

        String name() {
            return document.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return root().relativize(file) + (index > 0 ? "#" + index : "") + " (" + kind() + " " + name() + ")";
        }
    }

    private Manifests() {}

    static Path root() {
        return Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    }

    static Path directory() {
        return root().resolve("deploy/kubernetes");
    }

    static List<Manifest> all() {
        List<Manifest> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    int index = 0;
                    while (documents.hasNext()) {
                        JsonNode document = documents.next();
                        if (document != null && !document.isNull() && !document.isMissingNode()) {
                            manifests.add(new Manifest(file, index, (ObjectNode) document));
                        }
                        index++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (manifests.isEmpty()) {
            throw new IllegalStateException("no manifest under " + directory());
        }
        return manifests;
    }

    static List<Manifest> ofKind(String kind) {
        return all().stream().filter(m -> m.kind().equals(kind)).toList();
    }

    static Manifest one(String relativePath) {
        Path file = directory().resolve(relativePath);
        return all().stream().filter(m -> m.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no manifest " + file));
    }

    /** The job's arguments of a FlinkDeployment. */
    static List<String> jobArgs(Manifest deployment) {
        List<String> args = new ArrayList<>();
        deployment.document().path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
        return args;
    }
}
