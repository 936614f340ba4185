/* The name of an errno value, so that the programs' output (compared
 * byte for byte by tests/all/wasi_programs.rs) does not depend on strerror's
 * wording. */
#ifndef ERRNAME_H
#define ERRNAME_H

#include <errno.h>
#include <stdio.h>

static const char *errname(int e) {
    switch (e) {
    case 0: return "0";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case EIO: return "EIO";
    case EISDIR: return "EISDIR";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOENT: return "ENOENT";
    case ENOSYS: return "ENOSYS";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case ENOTDIR: return "ENOTDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTSOCK: return "ENOTSOCK";
    case ENOTSUP: return "ENOTSUP";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case ESPIPE: return "ESPIPE";
    case EXDEV: return "EXDEV";
    default: {
        static char unknown[16];
        snprintf(unknown, sizeof unknown, "E#%d", e);
        return unknown;
    }
    }
}

#endif
