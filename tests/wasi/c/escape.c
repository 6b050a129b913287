// Tries every way out of the preopen `/sandbox` (its current directory) to
// `/outside`-ish places next to it; prints "escaped: ..." for any that works.
// `planted` is a symbolic link to ../outside made by the host beforehand.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int escapes = 0;
#define DENIED(call)                                                       \
  do {                                                                     \
    if ((call) >= 0) {                                                     \
      printf("escaped: %s\n", #call);                                      \
      escapes++;                                                           \
    }                                                                      \
  } while (0)

int main(void) {
  struct stat st;
  char buf[64];
  DENIED(open("../outside/secret.txt", O_RDONLY));
  DENIED(open("/outside/secret.txt", O_RDONLY));
  DENIED(open("../../../../etc/passwd", O_RDONLY));
  DENIED(open("/etc/passwd", O_RDONLY));
  DENIED(open("planted/secret.txt", O_RDONLY));
  DENIED(open("planted/new.txt", O_WRONLY | O_CREAT, 0644));
  DENIED(stat("planted/secret.txt", &st));
  DENIED(mkdir("../evil", 0755));
  DENIED(mkdir("planted/evil", 0755));
  DENIED(unlink("../outside/secret.txt"));
  DENIED(unlink("planted/secret.txt"));
  DENIED(rename("../outside/secret.txt", "stolen"));
  DENIED(link("planted/secret.txt", "stolen"));
  DENIED(symlink("../outside/secret.txt", "made"));
  DENIED(symlink("/etc/passwd", "made2"));
  DENIED(symlink("../../..", "made3"));
  // A link that points at the sandbox itself is allowed, but cannot be
  // climbed out of.
  if (symlink(".", "self") == 0) DENIED(open("self/../outside/secret.txt", O_RDONLY));
  DENIED(open("../sandbox/../outside/secret.txt", O_RDONLY));
  DIR *d = opendir("..");
  if (d != NULL) {
    printf("escaped: opendir(..)\n");
    escapes++;
  }
  int fd = open("planted", O_RDONLY | O_DIRECTORY);
  if (fd >= 0 && read(fd, buf, sizeof buf) > 0) escapes++;
  printf("%d escapes\n", escapes);
  return escapes;
}
