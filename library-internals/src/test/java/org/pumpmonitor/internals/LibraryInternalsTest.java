package org.pumpmonitor.internals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each library whose private members the project reads is, on the build's classpath, the version
 * those members were checked against, and each member is there. When a version changes, this
 * fails until someone has read that version's code and updated {@link LibraryInternals}.
 */
class LibraryInternalsTest {

    @ParameterizedTest
    @EnumSource(LibraryInternals.Library.class)
    void eachLibraryIsTheVersionItsMembersWereCheckedAgainst(LibraryInternals.Library library) throws Exception {
        assertThat(versionOnTheClasspath(library))
                .as("%s:%s has changed: read its code of the new version for the members of LibraryInternals "
                        + "that belong to it, then update the version checked", library.groupId, library.artifactId)
                .isEqualTo(library.checkedVersion);
    }

    /**
     * The version of the jar that holds the library's classes: from its pom.properties, or from
     * where Maven keeps it ({@code .../ARTIFACT/VERSION/ARTIFACT-VERSION.jar}), as Flink's jars carry none.
     */
    private String versionOnTheClasspath(LibraryInternals.Library library) throws Exception {
        URL properties = getClass().getClassLoader().getResource(
                "META-INF/maven/" + library.groupId + "/" + library.artifactId + "/pom.properties");
        if (properties != null) {
            Properties pom = new Properties();
            try (InputStream in = properties.openStream()) {
                pom.load(in);
            }
            return pom.getProperty("version");
        }
        String owner = java.util.Arrays.stream(LibraryInternals.values()).filter(m -> m.library == library)
                .findFirst().orElseThrow().owner;
        Path jar = Path.of(Class.forName(owner, false, getClass().getClassLoader())
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(jar.getFileName().toString()).as("the jar of %s", owner).startsWith(library.artifactId + "-");
        return jar.getParent().getFileName().toString();
    }

    @ParameterizedTest
    @EnumSource(LibraryInternals.class)
    void eachMemberIsWhereItWasFound(LibraryInternals member) throws Exception {
        Class<?> owner = Class.forName(member.owner, false, getClass().getClassLoader());
        assertThat(member.field(owner)).isNotNull();
    }
}
