/* wasi_hello: prints one line to stdout and exits 0. One op of the
 * benchmark is instantiating this program and running it. */
#include <stdio.h>

int main(void) {
    fputs("hello, world\n", stdout);
    return 0;
}
