// A small WASI command in C: counts the lines, words and bytes of the files
// named on its command line (or of stdin), like wc(1).
//
// Build with clang and a WASI sysroot (Debian: clang lld wasi-libc
// libclang-rt-14-dev-wasm32; or wasi-sdk, adding its --sysroot):
//   clang --target=wasm32-wasi -O2 -o examples/c/wc.wasm examples/c/wc.c
// Run it, giving it the current directory as /work:
//   tswasm run --dir .::/work examples/c/wc.wasm /work/README.md

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

static int count(FILE *in, const char *name) {
  long lines = 0, words = 0, bytes = 0;
  int in_word = 0;
  int c;
  while ((c = fgetc(in)) != EOF) {
    bytes++;
    if (c == '\n') lines++;
    if (isspace(c)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      words++;
    }
  }
  printf("%7ld %7ld %7ld %s\n", lines, words, bytes, name);
  return ferror(in) ? 1 : 0;
}

int main(int argc, char **argv) {
  const char *prefix = getenv("WC_PREFIX");
  if (prefix != NULL) printf("%s\n", prefix);
  if (argc < 2) return count(stdin, "-");
  int status = 0;
  for (int i = 1; i < argc; i++) {
    FILE *in = fopen(argv[i], "r");
    if (in == NULL) {
      perror(argv[i]);
      status = 1;
      continue;
    }
    status |= count(in, argv[i]);
    fclose(in);
  }
  return status;
}
