/*
 * The C half of trap handling: enter a body under sigsetjmp, and leave it
 * with siglongjmp. Rust cannot call setjmp itself (the returns-twice
 * attribute is not expressible), so these two functions are the boundary.
 * The frames skipped by a jump are: this file's frame, the Rust body
 * trampoline (which owns nothing with a destructor), JIT-compiled wasm frames
 * and host shims that have already dropped everything they owned.
 */
#include <setjmp.h>

typedef void (*hoist_body_fn)(void *data);

/* Runs body(data); returns 1 when it returned normally, 0 when a trap jumped
 * back here. *slot receives the address of the jump buffer while body runs. */
int hoist_catch(void **slot, hoist_body_fn body, void *data) {
    sigjmp_buf buf;
    /* The signal mask is not saved: handlers are installed with SA_NODEFER. */
    if (sigsetjmp(buf, 0) != 0) {
        return 0;
    }
    *slot = (void *)&buf;
    body(data);
    return 1;
}

/* Jumps back to the hoist_catch that published `buf`. */
void hoist_unwind(void *buf) {
    siglongjmp(*(sigjmp_buf *)buf, 1);
}
