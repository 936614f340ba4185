/* wasi_copy_64m: copies the file /data/in to /data/out (created or
 * truncated) in 64 KiB read/write calls. The preview1 adapter turns each
 * read and write into wasi:filesystem streams on the preopened /data. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static char buf[CHUNK];

int main(void) {
    int in = open("/data/in", O_RDONLY);
    if (in < 0) {
        perror("open /data/in");
        return 1;
    }
    int out = open("/data/out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) {
        perror("open /data/out");
        return 1;
    }
    for (;;) {
        ssize_t n = read(in, buf, CHUNK);
        if (n < 0) {
            perror("read");
            return 1;
        }
        if (n == 0)
            break;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w <= 0) {
                perror("write");
                return 1;
            }
            done += w;
        }
    }
    if (close(out) != 0 || close(in) != 0) {
        perror("close");
        return 1;
    }
    return 0;
}
