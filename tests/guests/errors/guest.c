/* The `errors` guest: implements hoist:errors/client on top of the imported
 * hoist:errors/store, reporting in words what each store call returned.
 *
 * A store call that the host fails outright (rather than with a WIT error
 * value) traps the guest inside the import, so the export never returns and
 * `calls` does not count it. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"

typedef hoist_errors_store_error_t error_t;
typedef hoist_errors_store_failure_t failure_t;

static uint32_t calls;

/* A string builder over UTF-8 bytes. */
typedef struct {
    uint8_t *ptr;
    size_t len, cap;
} builder_t;

static void push_bytes(builder_t *b, const uint8_t *bytes, size_t n) {
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (cap < b->len + n)
            cap *= 2;
        b->ptr = realloc(b->ptr, cap);
        if (!b->ptr)
            abort();
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, bytes, n);
    b->len += n;
}

static void push_str(builder_t *b, const char *s) {
    push_bytes(b, (const uint8_t *)s, strlen(s));
}

static void push_string(builder_t *b, const errors_string_t *s) {
    push_bytes(b, s->ptr, s->len);
}

static void push_u32(builder_t *b, uint32_t v) {
    char digits[11];
    int i = 10;
    digits[i] = 0;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    push_str(b, digits + i);
}

static void finish(builder_t *b, errors_string_t *out) {
    out->ptr = b->ptr;
    out->len = b->len;
}

static const char *error_name(error_t e) {
    switch (e) {
    case HOIST_ERRORS_STORE_ERROR_NOT_FOUND:
        return "not-found";
    case HOIST_ERRORS_STORE_ERROR_DENIED:
        return "denied";
    default:
        /* Lifting checked the discriminant: unreachable. */
        abort();
    }
}

void exports_hoist_errors_client_fetch(errors_string_t *key, errors_string_t *ret) {
    errors_string_t value;
    error_t err;
    bool ok = hoist_errors_store_get(key, &value, &err);
    calls++;
    builder_t b = {0};
    if (ok) {
        push_str(&b, "ok: ");
        push_string(&b, &value);
        errors_string_free(&value);
    } else {
        push_str(&b, "err: ");
        push_str(&b, error_name(err));
    }
    finish(&b, ret);
    errors_string_free(key);
}

bool exports_hoist_errors_client_fetch_raw(errors_string_t *key, errors_string_t *ret, error_t *err) {
    bool ok = hoist_errors_store_get(key, ret, err);
    calls++;
    errors_string_free(key);
    return ok;
}

void exports_hoist_errors_client_save(errors_string_t *key, errors_string_t *value, errors_string_t *ret) {
    failure_t failure;
    bool ok = hoist_errors_store_put(key, value, &failure);
    calls++;
    builder_t b = {0};
    if (ok) {
        push_str(&b, "ok");
    } else {
        switch (failure.tag) {
        case HOIST_ERRORS_STORE_FAILURE_TIMEOUT:
            push_str(&b, "err: timeout ");
            push_u32(&b, failure.val.timeout);
            break;
        case HOIST_ERRORS_STORE_FAILURE_MESSAGE:
            push_str(&b, "err: message ");
            push_string(&b, &failure.val.message);
            break;
        case HOIST_ERRORS_STORE_FAILURE_UNKNOWN:
            push_str(&b, "err: unknown");
            break;
        default:
            abort();
        }
        hoist_errors_store_failure_free(&failure);
    }
    finish(&b, ret);
    errors_string_free(key);
    errors_string_free(value);
}

bool exports_hoist_errors_client_save_raw(errors_string_t *key, errors_string_t *value, failure_t *err) {
    bool ok = hoist_errors_store_put(key, value, err);
    calls++;
    errors_string_free(key);
    errors_string_free(value);
    return ok;
}

uint32_t exports_hoist_errors_client_calls(void) {
    return calls;
}
