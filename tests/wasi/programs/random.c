/* Random bytes: getentropy and arc4random_buf give bytes that are not all
 * zero and differ between calls. With `hex`, prints 32 bytes of
 * getentropy in hex (the host runs it with a seeded source). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errname.h"

static int all_zero(const unsigned char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (b[i]) return 0;
    return 1;
}

int main(int argc, char **argv) {
    unsigned char a[256], b[256];
    if (argc > 1 && strcmp(argv[1], "hex") == 0) {
        if (getentropy(a, 32) != 0) {
            printf("getentropy: %s\n", errname(errno));
            return 1;
        }
        for (int i = 0; i < 32; i++) printf("%02x", a[i]);
        printf("\n");
        return 0;
    }
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    printf("getentropy 256: %s\n", getentropy(a, sizeof a) == 0 ? "ok" : errname(errno));
    printf("getentropy 256 again: %s\n", getentropy(b, sizeof b) == 0 ? "ok" : errname(errno));
    printf("getentropy non-zero: %s\n", !all_zero(a, sizeof a) ? "yes" : "no");
    printf("getentropy calls differ: %s\n", memcmp(a, b, sizeof a) != 0 ? "yes" : "no");
    unsigned char big[257];
    printf("getentropy 257: %s\n", getentropy(big, sizeof big) == 0 ? "ok" : errname(errno));

    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    arc4random_buf(a, 64);
    arc4random_buf(b, 64);
    printf("arc4random_buf non-zero: %s\n", !all_zero(a, 64) ? "yes" : "no");
    printf("arc4random_buf calls differ: %s\n", memcmp(a, b, 64) != 0 ? "yes" : "no");
    uint32_t x = arc4random(), y = arc4random(), z = arc4random();
    printf("arc4random differ: %s\n", x != y || y != z ? "yes" : "no");
    unsigned under = arc4random_uniform(10);
    printf("arc4random_uniform(10) < 10: %s\n", under < 10 ? "yes" : "no");
    return 0;
}
