/* Sockets: wasi-libc of 2022 (preview1) cannot create a socket (there is
 * no socket(), connect() or bind()), and the official preview1 adapter
 * traps on sock_accept, sock_recv and sock_send; shutdown on a descriptor
 * that is not a socket fails. Sockets themselves are tested at the host
 * level (tests/all/wasi_sockets.rs). */
#include <stdio.h>
#include <sys/socket.h>

#include "errname.h"

int main(void) {
    printf("shutdown(stdout): %s\n", shutdown(1, SHUT_RDWR) == 0 ? "ok" : errname(errno));
    printf("shutdown(bad fd): %s\n", shutdown(42, SHUT_RDWR) == 0 ? "ok" : errname(errno));
    return 0;
}
