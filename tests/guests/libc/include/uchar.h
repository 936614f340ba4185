/* The part of <uchar.h> that UTF-16 bindings from `wit-bindgen c` use. */
#ifndef HOIST_GUEST_UCHAR_H
#define HOIST_GUEST_UCHAR_H

#include <stdint.h>

typedef uint_least16_t char16_t;
typedef uint_least32_t char32_t;

#endif
