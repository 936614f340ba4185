/* Arguments: argc and every argv[i] (argv[0] included) in brackets, so
 * that empty and space-holding arguments show. */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=[%s]\n", i, argv[i]);
    }
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    return 0;
}
