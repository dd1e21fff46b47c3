package se.helsingborg.footfall.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint under a checkpoint folder ({@code <job id>/chk-<n>/_metadata}),
 * so that a job started again after a crash carries on from where the last one stopped.
 */
public final class LatestCheckpoint {
    private LatestCheckpoint() {}

    public static Optional<Path> in(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(LatestCheckpoint::completed)
                    .max(Comparator.comparing(LatestCheckpoint::written));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for checkpoints in " + checkpoints, e);
        }
    }

    private static Stream<Path> completed(Path jobDir) {
        try (Stream<Path> chks = Files.list(jobDir)) {
            // Only a checkpoint whose metadata was written is complete.
            return chks.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.isRegularFile(p.resolve("_metadata")))
                    .toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static FileTime written(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
