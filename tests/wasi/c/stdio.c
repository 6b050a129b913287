// stdio, args, env, clocks and sleep through wasi-libc: echoes stdin upper-cased,
// prints its arguments and one variable, sleeps 20 ms, and exits with 3.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  int c;
  while ((c = getchar()) != EOF) putchar(toupper(c));
  for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
  const char *v = getenv("GREETING");
  printf("GREETING=%s\n", v ? v : "(unset)");
  struct timespec a, b, pause = {0, 20 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  nanosleep(&pause, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long ms = (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000;
  printf("slept %s\n", ms >= 19 ? "enough" : "too little");
  fprintf(stderr, "to stderr\n");
  return 3;
}
