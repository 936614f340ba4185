/* A freestanding C runtime for the test guests: the memory functions and a
 * small allocator, written for wasm32 with no libc underneath.
 *
 * The allocator hands out blocks whose total size (an 8-byte header and the
 * payload) is a power of two, from 16 bytes up. Freed blocks go to one free
 * list per size class and are reused first; otherwise blocks are carved from
 * the end of the heap, which starts at the linker's `__heap_base` and grows
 * the memory a page at a time as needed. Payloads are 8-byte aligned, which
 * covers every alignment the canonical ABI asks for. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 65536u
#define HEADER_SIZE 8u
#define MIN_CLASS 4u  /* 16-byte blocks */
#define MAX_CLASS 31u /* 2 GiB blocks */

extern unsigned char __heap_base;

/* The header in front of every payload. */
typedef struct header {
    uint32_t size_class; /* the block is 1 << size_class bytes */
    uint32_t magic;      /* MAGIC while in use, FREED while free */
} header_t;

#define MAGIC 0x484f4953u /* "HOIS" */
#define FREED 0x46524545u /* "FREE" */

/* A free block keeps the link to the next free block of its class in the
 * first bytes of its payload. */
typedef struct free_block {
    header_t header;
    struct free_block *next;
} free_block_t;

static free_block_t *free_lists[MAX_CLASS + 1];
static uintptr_t heap_end; /* the first byte not yet carved into blocks */

_Noreturn void abort(void) {
    __builtin_trap();
}

static unsigned class_for(size_t size) {
    if (size > ((size_t)1 << MAX_CLASS) - HEADER_SIZE)
        return 0;
    size_t total = size + HEADER_SIZE;
    unsigned k = MIN_CLASS;
    while (((size_t)1 << k) < total)
        k++;
    return k;
}

/* Carves a new block of `1 << k` bytes off the end of the heap, growing the
 * memory if it is too small; NULL when the memory cannot grow. */
static header_t *carve(unsigned k) {
    if (heap_end == 0)
        heap_end = ((uintptr_t)&__heap_base + 7u) & ~(uintptr_t)7u;
    /* 64-bit arithmetic: a full 4 GiB memory ends past uintptr_t. */
    uint64_t start = heap_end;
    uint64_t end = start + ((uint64_t)1 << k);
    uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) * PAGE_SIZE;
    if (end > have) {
        uint64_t pages = (end - have + PAGE_SIZE - 1) / PAGE_SIZE;
        if (__builtin_wasm_memory_grow(0, (size_t)pages) == (size_t)-1)
            return NULL;
    }
    heap_end = (uintptr_t)end;
    return (header_t *)(uintptr_t)start;
}

void *malloc(size_t size) {
    unsigned k = class_for(size);
    if (k == 0)
        return NULL;
    header_t *h;
    if (free_lists[k]) {
        free_block_t *b = free_lists[k];
        free_lists[k] = b->next;
        h = &b->header;
    } else {
        h = carve(k);
        if (!h)
            return NULL;
    }
    h->size_class = k;
    h->magic = MAGIC;
    return (unsigned char *)h + HEADER_SIZE;
}

static header_t *header_of(void *ptr) {
    header_t *h = (header_t *)((unsigned char *)ptr - HEADER_SIZE);
    /* A double free or a foreign pointer: stop rather than corrupt. */
    if (h->magic != MAGIC || h->size_class < MIN_CLASS || h->size_class > MAX_CLASS)
        __builtin_trap();
    return h;
}

void free(void *ptr) {
    if (!ptr)
        return;
    header_t *h = header_of(ptr);
    free_block_t *b = (free_block_t *)h;
    h->magic = FREED;
    b->next = free_lists[h->size_class];
    free_lists[h->size_class] = b;
}

void *calloc(size_t count, size_t size) {
    if (size != 0 && count > (size_t)-1 / size)
        return NULL;
    void *p = malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *realloc(void *ptr, size_t size) {
    if (!ptr)
        return malloc(size);
    header_t *h = header_of(ptr);
    size_t capacity = ((size_t)1 << h->size_class) - HEADER_SIZE;
    if (size <= capacity)
        return ptr;
    void *p = malloc(size);
    if (!p)
        return NULL;
    memcpy(p, ptr, capacity);
    free(ptr);
    return p;
}

/* The memory functions. LLVM does not turn the loops of functions with
 * these names back into calls to themselves. */

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else if (d > s) {
        d += n;
        s += n;
        while (n--)
            *--d = *--s;
    }
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s) {
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}
