package dev.compass.formulation.io;

import dev.compass.formulation.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes files whole or not at all: each to a temporary file beside its target, then an atomic
 * move. {@link #writeAll} does this for several files together: all are staged before any is moved,
 * so when one cannot be written none is left behind (a command's outputs appear together or not at
 * all).
 *
 * <p>A target that cannot be written (a directory, a missing or read-only folder, a full disk) is an
 * {@link InputException} naming the path and the reason in words, never an I/O exception's class.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] bytes) {
    Map<Path, byte[]> one = new LinkedHashMap<>();
    one.put(target, bytes);
    writeAllBytes(one);
  }

  /** Writes every text (UTF-8) to its path: all of them, or none when any one fails. */
  public static void writeAll(Map<Path, String> texts) {
    Map<Path, byte[]> bytes = new LinkedHashMap<>();
    texts.forEach((p, t) -> bytes.put(p, t.getBytes(StandardCharsets.UTF_8)));
    writeAllBytes(bytes);
  }

  /**
   * Checks, before any work is done, that {@code target} could be written: it is not a directory
   * and its folder exists (or can be created) and is writable. Throws an {@link InputException}
   * naming the path and the reason otherwise.
   */
  public static void checkWritable(Path target) {
    Path abs = target.toAbsolutePath();
    if (Files.isDirectory(abs)) throw unwritable(target, "is a directory; give a file name");
    Path dir = abs.getParent();
    while (dir != null && !Files.exists(dir)) dir = dir.getParent(); // the nearest folder that exists
    if (dir == null) return;
    if (!Files.isDirectory(dir)) throw unwritable(target, dir + " is a file, not a folder");
    if (!Files.isWritable(dir)) throw unwritable(target, "permission denied: folder " + dir + " is not writable");
    if (Files.exists(abs) && !Files.isWritable(abs)) throw unwritable(target, "permission denied: the file is read-only");
  }

  private static void writeAllBytes(Map<Path, byte[]> files) {
    for (Path target : files.keySet()) checkWritable(target);
    List<Path> staged = new ArrayList<>();
    List<Path> targets = new ArrayList<>(files.keySet());
    Path current = null;
    Path currentDir = null;
    try {
      for (Path target : targets) {
        current = target;
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        currentDir = dir;
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        staged.add(tmp);
        Files.write(tmp, files.get(target));
        try {
          // temp files are private (0600); an output file is an ordinary file (0644)
          Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
          // keep the default permissions
        }
      }
    } catch (IOException e) {
      deleteQuietly(staged);
      throw unwritable(current, reason(e, currentDir));
    }
    List<Path> moved = new ArrayList<>();
    for (int k = 0; k < targets.size(); k++) {
      Path abs = targets.get(k).toAbsolutePath();
      try {
        try {
          Files.move(staged.get(k), abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(staged.get(k), abs, StandardCopyOption.REPLACE_EXISTING);
        }
        moved.add(abs);
      } catch (IOException e) {
        // leave no output of this command: the staged rest and what was already moved go
        deleteQuietly(staged.subList(k, staged.size()));
        deleteQuietly(moved);
        throw unwritable(targets.get(k), reason(e, abs.getParent()));
      }
    }
  }

  private static InputException unwritable(Path target, String reason) {
    return new InputException(String.valueOf(target), "cannot write: " + reason);
  }

  /**
   * An I/O error in words, without the exception's class name; an error on the temporary file is
   * reported against the folder {@code dir} the file goes into.
   */
  public static String reason(IOException e, Path dir) {
    String where = dir == null ? "" : " (folder " + dir + ")";
    if (e instanceof AccessDeniedException) return "permission denied" + where;
    if (e instanceof NoSuchFileException) return "cannot create a file there" + where;
    if (e instanceof NotDirectoryException n) return n.getFile() + " is not a folder";
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT) + where;
    }
    return (e.getMessage() == null ? "input/output error" : e.getMessage()) + where;
  }

  private static void deleteQuietly(List<Path> paths) {
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // the original error is the one to report
      }
    }
  }
}
