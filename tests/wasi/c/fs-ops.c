// Filesystem calls through wasi-libc, with their errno results. Runs in a
// preopened, empty directory `/sandbox` (its current directory); prints one
// line per check and exits 0 only if all passed.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures = 0;
#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      printf("FAIL line %d: %s (errno %d)\n", __LINE__, #cond, errno);     \
      failures++;                                                          \
    }                                                                      \
  } while (0)
#define FAILS_WITH(call, err) CHECK((call) == -1 && errno == (err))

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
  CHECK(close(fd) == 0);
}

int main(void) {
  char buf[256];
  struct stat st;

  // Files: create, write, read, seek, positional I/O, truncate.
  write_file("a.txt", "hello world");
  int fd = open("a.txt", O_RDWR);
  CHECK(fd >= 0);
  CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0);
  CHECK(lseek(fd, 0, SEEK_CUR) == 5);
  CHECK(lseek(fd, -5, SEEK_END) == 6);
  CHECK(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0);
  CHECK(pwrite(fd, "W", 1, 6) == 1);
  CHECK(ftruncate(fd, 8) == 0);
  CHECK(fstat(fd, &st) == 0 && st.st_size == 8 && S_ISREG(st.st_mode));
  FAILS_WITH(lseek(fd, -100, SEEK_SET), EINVAL);
  CHECK(close(fd) == 0);
  FAILS_WITH(close(fd), EBADF);
  FAILS_WITH(read(fd, buf, 1), EBADF);

  // Append mode.
  fd = open("a.txt", O_WRONLY | O_APPEND);
  CHECK(write(fd, "!", 1) == 1);
  close(fd);
  fd = open("a.txt", O_RDONLY);
  ssize_t n = read(fd, buf, sizeof buf);
  CHECK(n == 9 && memcmp(buf, "hello Wo!", 9) == 0);
  CHECK(write(fd, "x", 1) == -1);
  close(fd);

  // open(2) errors.
  FAILS_WITH(open("missing", O_RDONLY), ENOENT);
  FAILS_WITH(open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  FAILS_WITH(open("a.txt/x", O_RDONLY), ENOTDIR);
  FAILS_WITH(open("a.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);

  // Directories.
  CHECK(mkdir("d", 0755) == 0);
  FAILS_WITH(mkdir("d", 0755), EEXIST);
  FAILS_WITH(open("d", O_WRONLY), EISDIR);
  write_file("d/inner.txt", "inner");
  FAILS_WITH(rmdir("d"), ENOTEMPTY);
  FAILS_WITH(rmdir("a.txt"), ENOTDIR);
  FAILS_WITH(unlink("d"), EISDIR);
  CHECK(stat("d", &st) == 0 && S_ISDIR(st.st_mode));

  // Listing many entries: readdir walks fd_readdir cookies.
  CHECK(mkdir("many", 0755) == 0);
  for (int i = 0; i < 300; i++) {
    snprintf(buf, sizeof buf, "many/file-with-a-long-name-%03d", i);
    write_file(buf, "");
  }
  DIR *dir = opendir("many");
  CHECK(dir != NULL);
  int seen = 0, dots = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) dots++;
    else seen++;
  }
  CHECK(seen == 300 && dots == 2);
  rewinddir(dir);
  seen = 0;
  while ((e = readdir(dir)) != NULL) seen++;
  CHECK(seen == 302);
  closedir(dir);

  // Renames and links.
  CHECK(rename("a.txt", "b.txt") == 0);
  FAILS_WITH(stat("a.txt", &st), ENOENT);
  FAILS_WITH(rename("b.txt", "d"), EISDIR);
  FAILS_WITH(rename("d", "many"), ENOTEMPTY);
  CHECK(link("b.txt", "hard.txt") == 0);
  CHECK(stat("hard.txt", &st) == 0 && st.st_nlink == 2);
  FAILS_WITH(link("b.txt", "hard.txt"), EEXIST);

  // Symbolic links.
  CHECK(symlink("b.txt", "sym") == 0);
  n = readlink("sym", buf, sizeof buf);
  CHECK(n == 5 && memcmp(buf, "b.txt", 5) == 0);
  CHECK(lstat("sym", &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(stat("sym", &st) == 0 && S_ISREG(st.st_mode));
  FAILS_WITH(open("sym", O_RDONLY | O_NOFOLLOW), ELOOP);
  CHECK(symlink("loop", "loop") == 0);
  FAILS_WITH(open("loop", O_RDONLY), ELOOP);
  FAILS_WITH(readlink("b.txt", buf, sizeof buf), EINVAL);
  CHECK(unlink("sym") == 0);

  // Times.
  struct timespec times[2] = {{1000000000, 0}, {1000000000, 500}};
  CHECK(utimensat(AT_FDCWD, "b.txt", times, 0) == 0);
  CHECK(stat("b.txt", &st) == 0 && st.st_mtim.tv_sec == 1000000000);

  // Cleanup.
  CHECK(unlink("b.txt") == 0 && unlink("hard.txt") == 0 && unlink("d/inner.txt") == 0);
  CHECK(rmdir("d") == 0);

  printf("%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
