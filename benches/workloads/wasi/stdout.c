/* wasi_stdout_64m: writes 64 MiB to stdout in 4 KiB write calls (a
 * repeating byte pattern, so that a reader can check what arrived). */
#include <stdio.h>
#include <unistd.h>

#define CHUNK 4096
#define TOTAL (64 * 1024 * 1024)

static char buf[CHUNK];

int main(void) {
    for (int i = 0; i < CHUNK; i++)
        buf[i] = (char)('a' + i % 26);
    for (long total = 0; total < TOTAL;) {
        ssize_t w = write(1, buf, CHUNK);
        if (w <= 0) {
            perror("write");
            return 1;
        }
        total += w;
    }
    return 0;
}
