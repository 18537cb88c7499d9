package io.synthaug.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;

/**
 * Turns I/O exceptions into the words of a one-line message. Java's file exceptions often carry
 * only the path as their message ({@code AccessDeniedException: /data/x}), which says nothing of
 * what went wrong; these methods name the reason instead ("permission denied", "no such file",
 * "No space left on device"), never the exception's class.
 */
public final class IoErrors {

  private IoErrors() {
  }

  /**
   * {@code "<path>: <reason>"} for a file system exception that names a path, else the reason
   * alone: what a message puts after "cannot write X: " or similar.
   */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fse && fse.getFile() != null) {
      String other = fse.getOtherFile() == null ? "" : " -> " + fse.getOtherFile();
      return fse.getFile() + other + ": " + reason(e);
    }
    return reason(e);
  }

  /**
   * The reason alone when {@code e} is about {@code subject} itself (a message that names it
   * already), else {@link #describe(IOException) "<path>: <reason>"}.
   */
  public static String describe(Path subject, IOException e) {
    if (e instanceof FileSystemException fse && fse.getFile() != null && fse.getOtherFile() == null
        && subject.toString().equals(fse.getFile())) {
      return reason(e);
    }
    return describe(e);
  }

  /** {@link #describe(IOException)} of the I/O exception inside {@code e}. */
  public static String describe(UncheckedIOException e) {
    return describe(e.getCause());
  }

  /**
   * The reason alone, without the path: "permission denied", "no such file", "not a folder", the
   * operating system's own words for other file system errors ("No space left on device",
   * "Read-only file system"), else the exception's message, else the reason of its cause.
   */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return withDetail("permission denied", (FileSystemException) e);
    }
    if (e instanceof NoSuchFileException) {
      return withDetail("no such file or folder", (FileSystemException) e);
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the folder is not empty";
    }
    if (e instanceof NotLinkException) {
      return "not a symbolic link";
    }
    if (e instanceof FileSystemLoopException) {
      return "symbolic links form a loop";
    }
    if (e instanceof FileSystemException fse) {
      if (fse.getReason() != null && !fse.getReason().isBlank()) {
        return fse.getReason();
      }
      return e.getCause() instanceof IOException cause ? reason(cause) : "an I/O error";
    }
    String msg = e.getMessage();
    if (msg != null && !msg.isBlank()) {
      return msg;
    }
    return e.getCause() instanceof IOException cause ? reason(cause) : "an I/O error";
  }

  /** The reason the operating system gave beside the fixed words, when it gave one. */
  private static String withDetail(String words, FileSystemException e) {
    String r = e.getReason();
    return r == null || r.isBlank() || r.equalsIgnoreCase(words) ? words : words + " (" + r + ")";
  }
}
