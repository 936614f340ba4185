/* The filesystem through wasi-libc: argv[1] is the mode.
 *   all              every operation, in a preopen /sandbox that starts empty
 *   ro               a read-only preopen /ro holding existing.txt and sub/:
 *                    reading works, every change fails
 *   escape           paths leading out of /sandbox (.., symlinks, absolute
 *                    paths elsewhere) fail; /sandbox's parent holds
 *                    outside.txt on the host
 *   cat PATH         print a file
 *   write PATH TEXT  create or truncate a file and write TEXT
 *   ls PATH          list a directory, sorted
 * Each step prints `label: ok`, `label: VALUE` or `label: ERRNO-NAME`. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errname.h"

/* Prints `label: ok` or `label: ERRNO`; returns rc. */
static int step(const char *label, int rc) {
    if (rc < 0) {
        printf("%s: %s\n", label, errname(errno));
    } else {
        printf("%s: ok\n", label);
    }
    return rc;
}

/* Prints `label: N` or `label: ERRNO` for a count or offset. */
static long long num(const char *label, long long n) {
    if (n < 0) {
        printf("%s: %s\n", label, errname(errno));
    } else {
        printf("%s: %lld\n", label, n);
    }
    return n;
}

static int open_step(const char *label, const char *path, int flags) {
    return step(label, open(path, flags, 0644));
}

/* `label: [contents]` of a whole file, or the errno. */
static void cat(const char *label, const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", label, errname(errno));
        return;
    }
    char buf[4096];
    ssize_t n, total = 0;
    while ((n = read(fd, buf + total, sizeof buf - 1 - (size_t)total)) > 0) total += n;
    if (n < 0) {
        printf("%s: read %s\n", label, errname(errno));
    } else {
        buf[total] = 0;
        printf("%s: [%s]\n", label, buf);
    }
    close(fd);
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    size_t len = strlen(text);
    ssize_t n = write(fd, text, len);
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t)len ? 0 : -1;
}

static char type_char(unsigned char t) {
    switch (t) {
    case DT_REG: return 'f';
    case DT_DIR: return 'd';
    case DT_LNK: return 'l';
    default: return '?';
    }
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* `ls PATH: name/t ...`, sorted, with "." and "..". */
static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        printf("ls %s: %s\n", path, errname(errno));
        return;
    }
    char *names[128];
    int n = 0;
    struct dirent *e;
    errno = 0;
    while (n < 128 && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        names[n] = malloc(len + 3);
        snprintf(names[n], len + 3, "%s/%c", e->d_name, type_char(e->d_type));
        n++;
    }
    int err = errno;
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    printf("ls %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    if (err) printf(" (readdir: %s)", errname(err));
    printf("\n");
}

/* A recursive walk, building each path by joining names (no realpath):
 * `walk PATH TYPE SIZE` for every entry, sorted at each level. */
static void walk(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        printf("walk %s: %s\n", path, errname(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while (n < 64 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    for (int i = 0; i < n; i++) {
        char child[512];
        snprintf(child, sizeof child, "%s/%s", path, names[i]);
        struct stat st;
        if (lstat(child, &st) < 0) {
            printf("walk %s: %s\n", child, errname(errno));
        } else if (S_ISDIR(st.st_mode)) {
            printf("walk %s d\n", child);
            walk(child);
        } else if (S_ISLNK(st.st_mode)) {
            printf("walk %s l\n", child);
        } else {
            printf("walk %s f %lld\n", child, (long long)st.st_size);
        }
        free(names[i]);
    }
}

static const char *kind(mode_t mode) {
    if (S_ISREG(mode)) return "file";
    if (S_ISDIR(mode)) return "dir";
    if (S_ISLNK(mode)) return "symlink";
    return "other";
}

static void stat_step(const char *label, const char *path, int follow) {
    struct stat st;
    int rc = follow ? stat(path, &st) : lstat(path, &st);
    if (rc < 0) {
        printf("%s: %s\n", label, errname(errno));
    } else {
        if (S_ISDIR(st.st_mode)) {
            /* A directory's size and link count depend on the host's
             * filesystem. */
            printf("%s: dir\n", label);
        } else {
            printf("%s: %s size=%lld nlink=%llu\n", label, kind(st.st_mode),
                   (long long)st.st_size, (unsigned long long)st.st_nlink);
        }
    }
}

static void all(void) {
    char buf[64];
    struct stat st;
    int fd;

    /* open, creat, O_EXCL, O_TRUNC, O_APPEND */
    fd = open_step("open a.txt O_CREAT", "/sandbox/a.txt", O_WRONLY | O_CREAT | O_TRUNC);
    num("write a.txt", write(fd, "hello world\n", 12));
    step("close a.txt", close(fd));
    open_step("open a.txt O_EXCL", "/sandbox/a.txt", O_WRONLY | O_CREAT | O_EXCL);
    open_step("open missing.txt", "/sandbox/missing.txt", O_RDONLY);
    fd = step("creat b.txt", creat("/sandbox/b.txt", 0644));
    num("write b.txt", write(fd, "0123456789", 10));
    close(fd);
    fd = open_step("open b.txt O_APPEND", "/sandbox/b.txt", O_WRONLY | O_APPEND);
    num("lseek b.txt 0", lseek(fd, 0, SEEK_SET));
    num("append abc", write(fd, "abc", 3));
    close(fd);
    cat("b.txt after append", "/sandbox/b.txt");
    fd = open_step("open c.txt O_CREAT O_EXCL", "/sandbox/c.txt", O_RDWR | O_CREAT | O_EXCL);
    num("write c.txt", write(fd, "to be truncated", 15));
    close(fd);
    fd = open_step("open c.txt O_TRUNC", "/sandbox/c.txt", O_RDWR | O_TRUNC);
    fstat(fd, &st);
    num("c.txt size after O_TRUNC", st.st_size);
    num("write c.txt", write(fd, "short", 5));
    close(fd);
    cat("c.txt", "/sandbox/c.txt");

    /* read, pread, pwrite, lseek */
    fd = open_step("open b.txt O_RDWR", "/sandbox/b.txt", O_RDWR);
    memset(buf, 0, sizeof buf);
    num("pread 4 at 2", pread(fd, buf, 4, 2));
    printf("pread got: [%s]\n", buf);
    num("pwrite XY at 0", pwrite(fd, "XY", 2, 0));
    num("position after pread/pwrite", lseek(fd, 0, SEEK_CUR));
    memset(buf, 0, sizeof buf);
    num("read 5", read(fd, buf, 5));
    printf("read got: [%s]\n", buf);
    num("lseek SEEK_CUR", lseek(fd, 0, SEEK_CUR));
    num("lseek -3 SEEK_END", lseek(fd, -3, SEEK_END));
    memset(buf, 0, sizeof buf);
    num("read to end", read(fd, buf, sizeof buf - 1));
    printf("read got: [%s]\n", buf);
    num("read at end", read(fd, buf, sizeof buf - 1));
    num("lseek 20", lseek(fd, 20, SEEK_SET));
    num("write past end", write(fd, "Z", 1));
    num("lseek -1 SEEK_SET", lseek(fd, -1, SEEK_SET));
    memset(buf, 0x55, sizeof buf);
    num("pread hole", pread(fd, buf, 8, 13));
    printf("hole bytes: %d %d %d %d %d %d %d %c\n", buf[0], buf[1], buf[2], buf[3], buf[4],
           buf[5], buf[6], buf[7]);

    /* fstat, stat, lstat, ftruncate, fsync */
    step("fstat b.txt", fstat(fd, &st));
    printf("fstat b.txt: %s size=%lld\n", kind(st.st_mode), (long long)st.st_size);
    step("ftruncate 100", ftruncate(fd, 100));
    fstat(fd, &st);
    num("size after ftruncate 100", st.st_size);
    step("ftruncate 4", ftruncate(fd, 4));
    fstat(fd, &st);
    num("size after ftruncate 4", st.st_size);
    step("fsync", fsync(fd));
    step("fdatasync", fdatasync(fd));
    close(fd);
    cat("b.txt", "/sandbox/b.txt");
    fd = open_step("open b.txt O_RDONLY", "/sandbox/b.txt", O_RDONLY);
    num("write to the O_RDONLY fd", write(fd, "x", 1));
    num("pwrite to the O_RDONLY fd", pwrite(fd, "x", 1, 0));
    step("ftruncate the O_RDONLY fd", ftruncate(fd, 0));
    close(fd);
    fd = open_step("open b.txt O_WRONLY", "/sandbox/b.txt", O_WRONLY);
    num("read from the O_WRONLY fd", read(fd, buf, 1));
    close(fd);
    num("read a closed fd", read(fd, buf, 1));
    step("close a closed fd", close(fd));
    stat_step("stat /sandbox", "/sandbox", 1);
    stat_step("stat a.txt", "/sandbox/a.txt", 1);
    step("access a.txt", access("/sandbox/a.txt", F_OK));
    step("access missing", access("/sandbox/missing", F_OK));
    step("truncate a.txt 5", truncate("/sandbox/a.txt", 5));
    cat("a.txt", "/sandbox/a.txt");

    /* mkdir, rmdir, unlink */
    step("mkdir d", mkdir("/sandbox/d", 0755));
    step("mkdir d again", mkdir("/sandbox/d", 0755));
    step("mkdir d/e", mkdir("/sandbox/d/e", 0755));
    step("mkdir missing/x", mkdir("/sandbox/missing/x", 0755));
    step("rmdir d (not empty)", rmdir("/sandbox/d"));
    step("rmdir d/e", rmdir("/sandbox/d/e"));
    step("rmdir a.txt", rmdir("/sandbox/a.txt"));
    step("unlink d", unlink("/sandbox/d"));
    step("unlink missing", unlink("/sandbox/missing"));
    step("write gone.txt", write_file("/sandbox/gone.txt", "x"));
    step("unlink gone.txt", unlink("/sandbox/gone.txt"));
    stat_step("stat gone.txt", "/sandbox/gone.txt", 1);
    open_step("open d O_WRONLY", "/sandbox/d", O_WRONLY);
    open_step("open a.txt O_DIRECTORY", "/sandbox/a.txt", O_RDONLY | O_DIRECTORY);
    open_step("open a.txt/ trailing slash", "/sandbox/a.txt/", O_RDONLY);

    /* rename */
    step("rename c.txt d/moved.txt", rename("/sandbox/c.txt", "/sandbox/d/moved.txt"));
    stat_step("stat c.txt", "/sandbox/c.txt", 1);
    cat("d/moved.txt", "/sandbox/d/moved.txt");
    step("write r1", write_file("/sandbox/r1", "first"));
    step("write r2", write_file("/sandbox/r2", "second"));
    step("rename r1 over r2", rename("/sandbox/r1", "/sandbox/r2"));
    cat("r2", "/sandbox/r2");
    step("rename missing", rename("/sandbox/missing", "/sandbox/x"));
    step("mkdir full", mkdir("/sandbox/full", 0755));
    step("write full/f", write_file("/sandbox/full/f", "f"));
    step("rename d over full (not empty)", rename("/sandbox/d", "/sandbox/full"));
    step("rename r2 over d (a dir)", rename("/sandbox/r2", "/sandbox/d"));
    step("rename full renamed", rename("/sandbox/full", "/sandbox/renamed"));

    /* symlink, readlink, lstat, link */
    step("symlink link -> a.txt", symlink("a.txt", "/sandbox/link"));
    step("symlink again", symlink("a.txt", "/sandbox/link"));
    memset(buf, 0, sizeof buf);
    num("readlink link", readlink("/sandbox/link", buf, sizeof buf - 1));
    printf("readlink got: [%s]\n", buf);
    num("readlink a.txt", readlink("/sandbox/a.txt", buf, sizeof buf - 1));
    stat_step("lstat link", "/sandbox/link", 0);
    stat_step("stat link", "/sandbox/link", 1);
    cat("cat link", "/sandbox/link");
    step("symlink dangling -> nowhere", symlink("nowhere", "/sandbox/dangling"));
    stat_step("stat dangling", "/sandbox/dangling", 1);
    stat_step("lstat dangling", "/sandbox/dangling", 0);
    open_step("open link O_NOFOLLOW", "/sandbox/link", O_RDONLY | O_NOFOLLOW);
    step("link hard -> a.txt", link("/sandbox/a.txt", "/sandbox/hard"));
    stat_step("stat hard", "/sandbox/hard", 1);
    {
        struct stat a, h;
        stat("/sandbox/a.txt", &a);
        stat("/sandbox/hard", &h);
        printf("same inode: %s\n", a.st_ino == h.st_ino && a.st_dev == h.st_dev ? "yes" : "no");
        stat("/sandbox/r2", &h);
        printf("other inode differs: %s\n", a.st_ino != h.st_ino ? "yes" : "no");
    }
    step("link existing", link("/sandbox/a.txt", "/sandbox/hard"));
    step("unlink link", unlink("/sandbox/link"));
    stat_step("stat a.txt after unlink link", "/sandbox/a.txt", 1);

    /* utimensat, futimens */
    {
        struct timespec times[2] = {{1000000000, 500}, {1234567890, 123456789}};
        step("utimensat a.txt", utimensat(AT_FDCWD, "/sandbox/a.txt", times, 0));
        stat("/sandbox/a.txt", &st);
        printf("a.txt atime: %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec);
        printf("a.txt mtime: %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        /* Only explicit times: this wasi-libc's futimens and utimensat
         * mistranslate UTIME_NOW, UTIME_OMIT and a null `times` (failing
         * with EINVAL, or setting the epoch) before they call WASI. */
        fd = open("/sandbox/r2", O_RDWR);
        struct timespec set[2] = {{2000000000, 0}, {1500000000, 0}};
        step("futimens r2", futimens(fd, set));
        fstat(fd, &st);
        printf("r2 times: %lld %lld\n", (long long)st.st_atim.tv_sec,
               (long long)st.st_mtim.tv_sec);
        close(fd);
        step("utimensat missing", utimensat(AT_FDCWD, "/sandbox/missing", times, 0));
    }

    /* readdir, a recursive walk */
    step("mkdir tree", mkdir("/sandbox/tree", 0755));
    step("mkdir tree/b", mkdir("/sandbox/tree/b", 0755));
    step("mkdir tree/b/c", mkdir("/sandbox/tree/b/c", 0755));
    write_file("/sandbox/tree/z.txt", "zz");
    write_file("/sandbox/tree/a.txt", "a");
    write_file("/sandbox/tree/b/c/deep.txt", "deep!");
    write_file("/sandbox/tree/b/m.txt", "mmm");
    symlink("../a.txt", "/sandbox/tree/up");
    list("/sandbox/tree");
    list("/sandbox/tree/b/c");
    list("/sandbox/missing");
    list("/sandbox/a.txt");
    walk("/sandbox/tree");
    {
        /* Many entries: the listing comes in more than one batch. */
        char name[64];
        for (int i = 0; i < 100; i++) {
            snprintf(name, sizeof name, "/sandbox/many/entry-with-a-long-name-%03d", i);
            if (i == 0) mkdir("/sandbox/many", 0755);
            write_file(name, "");
        }
        DIR *d = opendir("/sandbox/many");
        int count = 0;
        while (readdir(d)) count++;
        printf("many entries: %d\n", count);
        rewinddir(d);
        count = 0;
        while (readdir(d)) count++;
        printf("many entries after rewinddir: %d\n", count);
        closedir(d);
    }

    /* the working directory: relative paths */
    step("chdir /sandbox/tree", chdir("/sandbox/tree"));
    printf("getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : errname(errno));
    cat("relative z.txt", "z.txt");
    cat("relative b/m.txt", "b/m.txt");
    cat("relative ../a.txt", "../a.txt");
    step("chdir b/c", chdir("b/c"));
    printf("getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : errname(errno));
    cat("relative deep.txt", "deep.txt");
    step("chdir missing", chdir("/sandbox/missing"));
    step("chdir a file", chdir("/sandbox/a.txt"));
    step("chdir /sandbox", chdir("/sandbox"));
    step("relative write new.txt", write_file("new.txt", "made relative"));
    list(".");
}

static void ro(void) {
    char buf[64];
    int fd = open_step("open existing.txt O_RDONLY", "/ro/existing.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    num("read", read(fd, buf, sizeof buf - 1));
    printf("read got: [%s]\n", buf);
    num("write to the O_RDONLY fd", write(fd, "x", 1));
    step("ftruncate the O_RDONLY fd", ftruncate(fd, 0));
    close(fd);
    stat_step("stat existing.txt", "/ro/existing.txt", 1);
    list("/ro");
    open_step("open existing.txt O_WRONLY", "/ro/existing.txt", O_WRONLY);
    open_step("open existing.txt O_RDWR", "/ro/existing.txt", O_RDWR);
    open_step("open existing.txt O_TRUNC", "/ro/existing.txt", O_RDONLY | O_TRUNC);
    open_step("open existing.txt O_APPEND", "/ro/existing.txt", O_WRONLY | O_APPEND);
    open_step("open new.txt O_CREAT", "/ro/new.txt", O_WRONLY | O_CREAT);
    step("creat new.txt", creat("/ro/new.txt", 0644));
    step("mkdir newdir", mkdir("/ro/newdir", 0755));
    step("rmdir sub", rmdir("/ro/sub"));
    step("unlink existing.txt", unlink("/ro/existing.txt"));
    step("rename existing.txt", rename("/ro/existing.txt", "/ro/renamed.txt"));
    step("symlink", symlink("existing.txt", "/ro/link"));
    step("link", link("/ro/existing.txt", "/ro/hard"));
    step("truncate", truncate("/ro/existing.txt", 0));
    struct timespec times[2] = {{1, 0}, {1, 0}};
    step("utimensat", utimensat(AT_FDCWD, "/ro/existing.txt", times, 0));
    cat("existing.txt still", "/ro/existing.txt");
    list("/ro");
}

static void escape(void) {
    char buf[256];
    step("mkdir /sandbox/sub", mkdir("/sandbox/sub", 0755));
    open_step("open /sandbox/../outside.txt", "/sandbox/../outside.txt", O_RDONLY);
    open_step("open /sandbox/sub/../../outside.txt", "/sandbox/sub/../../outside.txt", O_RDONLY);
    open_step("create /sandbox/../created.txt", "/sandbox/../created.txt",
              O_WRONLY | O_CREAT);
    stat_step("stat /sandbox/..", "/sandbox/..", 1);
    list("/sandbox/..");
    step("mkdir /sandbox/../newdir", mkdir("/sandbox/../newdir", 0755));
    step("write inside.txt", write_file("/sandbox/inside.txt", "inside"));
    step("rename inside.txt out", rename("/sandbox/inside.txt", "/sandbox/../moved.txt"));
    step("link inside.txt out", link("/sandbox/inside.txt", "/sandbox/../linked.txt"));
    step("unlink ../outside.txt", unlink("/sandbox/../outside.txt"));
    /* WASI refuses symbolic links to absolute paths. */
    step("symlink abs -> /etc/passwd", symlink("/etc/passwd", "/sandbox/abs"));
    /* The host made these links, leading out of /sandbox: esc ->
     * ../outside.txt, abs-host -> the host's absolute path of
     * outside.txt, up -> .. */
    memset(buf, 0, sizeof buf);
    num("readlink esc", readlink("/sandbox/esc", buf, sizeof buf - 1));
    printf("readlink got: [%s]\n", buf);
    open_step("open esc", "/sandbox/esc", O_RDONLY);
    open_step("open esc O_WRONLY O_TRUNC", "/sandbox/esc", O_WRONLY | O_TRUNC);
    stat_step("stat esc", "/sandbox/esc", 1);
    stat_step("lstat esc", "/sandbox/esc", 0);
    open_step("open abs-host", "/sandbox/abs-host", O_RDONLY);
    open_step("open up/outside.txt", "/sandbox/up/outside.txt", O_RDONLY);
    list("/sandbox/up");
    step("mkdir up/made", mkdir("/sandbox/up/made", 0755));
    open_step("open /etc/passwd", "/etc/passwd", O_RDONLY);
    open_step("open /outside.txt", "/outside.txt", O_RDONLY);
    step("chdir /sandbox", chdir("/sandbox"));
    open_step("open ../outside.txt relative", "../outside.txt", O_RDONLY);
    step("chdir ..", chdir(".."));
    open_step("open outside.txt after chdir ..", "outside.txt", O_RDONLY);
    cat("cat inside.txt", "/sandbox/inside.txt");
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "all") == 0) {
        all();
    } else if (strcmp(mode, "ro") == 0) {
        ro();
    } else if (strcmp(mode, "escape") == 0) {
        escape();
    } else if (strcmp(mode, "cat") == 0 && argc > 2) {
        cat(argv[2], argv[2]);
    } else if (strcmp(mode, "write") == 0 && argc > 3) {
        return step(argv[2], write_file(argv[2], argv[3])) < 0 ? 1 : 0;
    } else if (strcmp(mode, "ls") == 0 && argc > 2) {
        list(argv[2]);
    } else {
        fprintf(stderr, "unknown mode `%s`\n", mode);
        return 100;
    }
    return 0;
}
