package org.pumpmonitor.core.state;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a job's saved state is: the newest savepoints and retained checkpoints under some
 * directories. The job's start check and pumpctl (submit, demo) find it the same way.
 */
public final class SavedStates {

    private SavedStates() {}

    /**
     * The newest savepoints or retained checkpoints (directories holding a {@code _metadata}) in
     * some local directories, newest first, at most {@code limit}; directories that are not local
     * or do not exist are passed over.
     */
    public static List<String> newest(int limit, String... directories) {
        return Stream.of(directories)
                .flatMap(SavedStates::metadataFiles)
                .sorted(Comparator.comparingLong(SavedStates::modified).reversed())
                .limit(limit)
                .map(metadata -> metadata.getParent().toUri().toString())
                .collect(Collectors.toList());
    }

    private static Stream<Path> metadataFiles(String directory) {
        if (directory == null || directory.isBlank()) {
            return Stream.empty();
        }
        try {
            URI uri = URI.create(directory);
            Path root = uri.getScheme() == null ? Paths.get(directory) : Paths.get(uri);
            if (!Files.isDirectory(root)) {
                return Stream.empty();
            }
            try (Stream<Path> files = Files.find(root, 3, (path, attributes) ->
                    path.getFileName().toString().equals("_metadata") && attributes.isRegularFile())) {
                return files.collect(Collectors.toList()).stream();
            }
        } catch (IllegalArgumentException | IOException | FileSystemNotFoundException e) {
            return Stream.empty(); // not a local directory: nothing to list from here
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
