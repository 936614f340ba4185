/* Standard streams: argv[1] is the mode.
 *   upper     read all of stdin, write it upper-cased to stdout; the byte
 *             and line counts to stderr
 *   big MIB   write MIB (at most 8) mebibytes to stdout in one fwrite (a
 *             repeating pattern: byte i is 'a' + i % 26), then a summary to
 *             stderr
 *   trap      write(2) to stdout and stderr, printf without flushing, then
 *             abort(): the written bytes are out, the buffered ones lost
 *   isatty    whether each standard stream is a terminal
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int upper(void) {
    static char buf[4096];
    size_t total = 0, lines = 0, n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) {
            if (buf[i] == '\n') lines++;
            buf[i] = (char)toupper((unsigned char)buf[i]);
        }
        if (fwrite(buf, 1, n, stdout) != n) {
            fprintf(stderr, "fwrite failed\n");
            return 1;
        }
        total += n;
    }
    if (ferror(stdin)) {
        fprintf(stderr, "reading stdin failed\n");
        return 1;
    }
    fprintf(stderr, "read %zu bytes, %zu lines\n", total, lines);
    return 0;
}

/* The buffer is static, not malloc'd: this wasi-libc (2022) makes all of
 * linear memory at its first malloc its heap, pages the preview1 adapter
 * grew for its own state included, so a heap grown past the module's
 * initial memory overwrites the adapter's state. */
static char big_buffer[8 << 20];

static int big(const char *mib) {
    size_t size = (size_t)atoi(mib) << 20;
    if (size > sizeof big_buffer) {
        fprintf(stderr, "at most %zu MiB\n", sizeof big_buffer >> 20);
        return 1;
    }
    for (size_t i = 0; i < size; i++) big_buffer[i] = (char)('a' + i % 26);
    size_t written = fwrite(big_buffer, 1, size, stdout);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "fflush failed after %zu of %zu bytes\n", written, size);
        return 1;
    }
    fprintf(stderr, "wrote %zu of %zu bytes\n", written, size);
    return written == size ? 0 : 1;
}

static int trap(void) {
    static const char out[] = "stdout before the trap\n";
    static const char err[] = "stderr before the trap\n";
    write(1, out, sizeof out - 1);
    write(2, err, sizeof err - 1);
    printf("buffered and never flushed");
    abort();
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "upper") == 0) return upper();
    if (strcmp(mode, "big") == 0 && argc > 2) return big(argv[2]);
    if (strcmp(mode, "trap") == 0) return trap();
    if (strcmp(mode, "isatty") == 0) {
        printf("isatty: %d %d %d\n", isatty(0), isatty(1), isatty(2));
        return 0;
    }
    fprintf(stderr, "unknown mode `%s`\n", mode);
    return 100;
}
