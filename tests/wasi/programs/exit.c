/* Exit codes: argv[1] says how the program ends.
 *   exit0, exit3, exit42  exit(N)
 *   return7               return 7 from main
 *   return0               return 0 from main
 *   exit255, exit256      exit(255), exit(256) (the status is 8 bits)
 *   abort                 abort(): a trap
 *   unreachable           __builtin_trap()
 *   buffered              printf without a newline, then exit(5): the
 *                         buffer is flushed at exit
 *   atexit                an atexit handler prints, then exit(6)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void handler(void) {
    printf("atexit handler ran\n");
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    printf("mode %s\n", mode);
    fflush(stdout);
    if (strcmp(mode, "exit0") == 0) exit(0);
    if (strcmp(mode, "exit3") == 0) exit(3);
    if (strcmp(mode, "exit42") == 0) exit(42);
    if (strcmp(mode, "exit255") == 0) exit(255);
    if (strcmp(mode, "exit256") == 0) exit(256);
    if (strcmp(mode, "return7") == 0) return 7;
    if (strcmp(mode, "return0") == 0) return 0;
    if (strcmp(mode, "abort") == 0) abort();
    if (strcmp(mode, "unreachable") == 0) __builtin_trap();
    if (strcmp(mode, "buffered") == 0) {
        printf("buffered, no newline");
        exit(5);
    }
    if (strcmp(mode, "atexit") == 0) {
        atexit(handler);
        exit(6);
    }
    fprintf(stderr, "unknown mode `%s`\n", mode);
    return 100;
}
