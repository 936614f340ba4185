/* The guest of examples/wasi.rs: greets, then prints its arguments and the
 * environment variable GREETING. Built into examples/wasi-hello.wasm (a
 * WASI preview1 module) by tests/wasi/build.sh. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    printf("Hello from a WASI guest!\n");
    for (int i = 0; i < argc; i++) {
        printf("argv[%d] = %s\n", i, argv[i]);
    }
    const char *greeting = getenv("GREETING");
    printf("GREETING = %s\n", greeting ? greeting : "(not set)");
    return 0;
}
