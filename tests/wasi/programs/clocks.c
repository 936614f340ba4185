/* Clocks: the wall clock (printed, for the host to compare with its own),
 * the monotonic clock never going back, resolutions, and nanosleep of
 * 10 ms taking at least 10 ms. Only lower bounds are checked here; the
 * test's upper bounds are generous. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#include "errname.h"

static long long ns(struct timespec ts) {
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    struct timespec ts, prev, res;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        printf("clock_gettime REALTIME: %s\n", errname(errno));
        return 1;
    }
    printf("realtime: %lld\n", (long long)ts.tv_sec);
    printf("realtime nsec in range: %s\n", ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000 ? "yes" : "no");
    time_t t = time(NULL);
    printf("time() agrees: %s\n", t >= ts.tv_sec && t - ts.tv_sec < 60 ? "yes" : "no");
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("gettimeofday agrees: %s\n", tv.tv_sec >= ts.tv_sec && tv.tv_sec - ts.tv_sec < 60 ? "yes" : "no");

    printf("getres REALTIME: %s\n", clock_getres(CLOCK_REALTIME, &res) == 0 && ns(res) > 0 ? "ok" : "bad");
    printf("getres MONOTONIC: %s\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(res) > 0 ? "ok" : "bad");

    clock_gettime(CLOCK_MONOTONIC, &prev);
    int backwards = 0;
    for (int i = 0; i < 10000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        if (ns(ts) < ns(prev)) backwards++;
        prev = ts;
    }
    printf("monotonic went back: %d times\n", backwards);

    struct timespec start, end, ten_ms = {0, 10 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = nanosleep(&ten_ms, NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long elapsed = ns(end) - ns(start);
    printf("nanosleep: %s\n", rc == 0 ? "ok" : errname(errno));
    printf("nanosleep slept at least 10ms: %s\n", elapsed >= 10000000LL ? "yes" : "no");
    /* The host checks the upper bound, generously. */
    printf("nanosleep elapsed ms: %lld\n", elapsed / 1000000);

    struct timespec zero = {0, 0};
    printf("nanosleep 0: %s\n", nanosleep(&zero, NULL) == 0 ? "ok" : errname(errno));
    struct timespec bad = {0, 1000000000};
    printf("nanosleep invalid: %s\n", nanosleep(&bad, NULL) == 0 ? "ok" : errname(errno));

    clock_gettime(CLOCK_REALTIME, &start);
    struct timespec until = {start.tv_sec, start.tv_nsec + 5000000};
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    rc = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL);
    clock_gettime(CLOCK_REALTIME, &end);
    printf("clock_nanosleep REALTIME abstime: %s\n", rc == 0 ? "ok" : errname(rc));
    return 0;
}
