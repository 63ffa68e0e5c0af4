package org.pumpmonitor.deploycheck;

import org.junit.jupiter.api.Test;
import org.pumpmonitor.deploycheck.Manifests.Manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The walkthroughs name files that exist, and deploy/kubernetes/README.md lists every file. */
class DocumentedFilesTest {

    private static final Pattern DEPLOY_PATH = Pattern.compile("deploy/kubernetes/([A-Za-z0-9_./-]+\\.(?:yaml|example))");
    private static final Pattern FILE_KEY = Pattern.compile("\\$\\{file:[^:}]+/client\\.properties:([^}]+)}");

    @Test
    void everyManifestTheWalkthroughsNameExists() throws IOException {
        List<String> named = new ArrayList<>();
        for (String doc : List.of("README.md", "docs/operations.md")) {
            Matcher matcher = DEPLOY_PATH.matcher(Files.readString(Manifests.root().resolve(doc)));
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
        }
        assertThat(named).isNotEmpty()
                .allSatisfy(file -> assertThat(Manifests.directory().resolve(file)).as(file).isRegularFile());
    }

    @Test
    void theFolderReadmeListsEveryFile() throws IOException {
        String readme = Files.readString(Manifests.directory().resolve("README.md"));
        Set<String> files = new TreeSet<>();
        for (Manifest manifest : Manifests.all()) {
            Path relative = Manifests.directory().relativize(manifest.file());
            files.add(relative.getNameCount() > 1 ? relative.getName(0) + "/" : relative.toString());
        }
        assertThat(files).allSatisfy(file -> assertThat(readme).contains("`" + file + "`"));
    }

    @Test
    void theExampleClientPropertiesHoldEveryKeyTheJobReadsFromIt() throws IOException {
        Properties example = new Properties();
        try (var in = Files.newBufferedReader(Manifests.directory().resolve("secure/client.properties.example"))) {
            example.load(in);
        }
        List<String> keys = new ArrayList<>();
        for (String arg : Manifests.jobArgs(Manifests.one("secure/pump-monitor.yaml"))) {
            Matcher matcher = FILE_KEY.matcher(arg);
            while (matcher.find()) {
                keys.add(matcher.group(1));
            }
        }
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(example).containsKey(key));
    }
}
