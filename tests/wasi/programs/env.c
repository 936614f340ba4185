/* Environment: getenv of the names given as arguments, then `environ` in
 * its order, then setenv/unsetenv acting on the guest's own copy. */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *value = getenv(argv[i]);
        printf("getenv(%s)=%s%s%s\n", argv[i], value ? "[" : "", value ? value : "NULL",
               value ? "]" : "");
    }
    int n = 0;
    for (char **e = environ; *e; e++, n++) {
        printf("environ[%d]=[%s]\n", n, *e);
    }
    printf("count=%d\n", n);
    if (setenv("HOIST_SET_BY_GUEST", "yes", 1) != 0) {
        printf("setenv failed\n");
        return 1;
    }
    printf("after setenv: %s\n", getenv("HOIST_SET_BY_GUEST"));
    if (n > 0) {
        /* Remove the first variable: only the guest's copy changes. */
        char name[256];
        int len = 0;
        while (environ[0][len] && environ[0][len] != '=' && len < 255) {
            name[len] = environ[0][len];
            len++;
        }
        name[len] = 0;
        unsetenv(name);
        printf("after unsetenv(%s): %s\n", name, getenv(name) ? "still set" : "NULL");
    }
    return 0;
}
