package org.sagashop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of this repository that the deployment tests read: none of its modules' jars. */
final class Repository {

  static final Path ROOT = findRoot();

  private Repository() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("run.sh"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "not inside the Saga Shop repository: no run.sh above " + Path.of("").toAbsolutePath());
  }
}
