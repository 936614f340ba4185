/* poll_oneoff through poll(), sleep and usleep: a timeout with no
 * descriptors sleeps; stdin (with data, or at its end) and stdout are
 * ready at once; a regular file is always ready. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *events(short e) {
    static char buf[64];
    buf[0] = 0;
    if (e & POLLIN) strcat(buf, "IN ");
    if (e & POLLOUT) strcat(buf, "OUT ");
    if (e & POLLERR) strcat(buf, "ERR ");
    if (e & POLLHUP) strcat(buf, "HUP ");
    if (e & POLLNVAL) strcat(buf, "NVAL ");
    if (!buf[0]) strcat(buf, "none ");
    buf[strlen(buf) - 1] = 0;
    return buf;
}

int main(void) {
    long long start = now_ms();
    int rc = poll(NULL, 0, 20);
    long long elapsed = now_ms() - start;
    printf("poll(none, 20ms): %d\n", rc);
    printf("poll slept at least 20ms: %s\n", elapsed >= 20 ? "yes" : "no");

    start = now_ms();
    rc = usleep(15000);
    elapsed = now_ms() - start;
    printf("usleep(15000): %d\n", rc);
    printf("usleep slept at least 15ms: %s\n", elapsed >= 15 ? "yes" : "no");

    printf("sleep(0): %u\n", sleep(0));

    struct pollfd fds[2] = {{0, POLLIN, 0}, {1, POLLOUT, 0}};
    rc = poll(fds, 2, 10000);
    printf("poll(stdin IN, stdout OUT): %d\n", rc);
    printf("stdin: %s\n", events(fds[0].revents));
    printf("stdout: %s\n", events(fds[1].revents));

    char buf[64];
    memset(buf, 0, sizeof buf);
    ssize_t n = read(0, buf, sizeof buf - 1);
    printf("read stdin: %zd [%s]\n", n, buf);
    n = read(0, buf, sizeof buf - 1);
    printf("read stdin at end: %zd\n", n);

    struct pollfd in = {0, POLLIN, 0};
    rc = poll(&in, 1, 10000);
    printf("poll(stdin at end): %d %s\n", rc, events(in.revents));

    struct pollfd bad = {42, POLLIN, 0};
    rc = poll(&bad, 1, 0);
    printf("poll(bad fd): %d %s\n", rc, rc < 0 ? errname(errno) : events(bad.revents));
    return 0;
}
