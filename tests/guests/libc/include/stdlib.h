/* The part of <stdlib.h> that the guests and their generated bindings use,
 * implemented in ../libc.c (the guests are freestanding: no libc). */
#ifndef HOIST_GUEST_STDLIB_H
#define HOIST_GUEST_STDLIB_H

#include <stddef.h>

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
_Noreturn void abort(void);

#endif
