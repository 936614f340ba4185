/* The `everything` guest: implements the exports of hoist:everything.
 *
 * The same source builds the UTF-8 guest and the UTF-16 one: string code
 * units are `unit_t`, whatever `wit-bindgen c --string-encoding` made them.
 *
 * Ownership follows the generated bindings: an export owns its arguments
 * (it frees them or moves them into its result, which the generated
 * post-return frees); an import borrows its arguments, and its results
 * belong to the caller. Buffers of length 0 are never freed, since the
 * canonical ABI may hand out a dangling pointer for them. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "everything.h"

typedef __typeof__(*((everything_string_t *)0)->ptr) unit_t;

typedef hoist_everything_types_point_t point_t;
typedef hoist_everything_types_rect_t rect_t;
typedef hoist_everything_types_scalars_t scalars_t;
typedef hoist_everything_types_person_t person_t;
typedef hoist_everything_types_shape_t shape_t;
typedef hoist_everything_types_toggle_t toggle_t;
typedef hoist_everything_types_color_t color_t;
typedef hoist_everything_types_all_flags_t all_flags_t;
typedef hoist_everything_types_ints_t ints_t;
typedef hoist_everything_types_mixed_t mixed_t;
typedef exports_hoist_everything_guest_list_person_t guest_people_t;
typedef hoist_everything_host_list_person_t host_people_t;

/* ---- String helpers ---------------------------------------------------- */

/* A buffer of `len` code units, or NULL for an empty one. */
static unit_t *alloc_units(size_t len) {
    if (len == 0)
        return NULL;
    unit_t *p = malloc(len * sizeof(unit_t));
    if (!p)
        abort();
    return p;
}

/* A string builder: grows by doubling. */
typedef struct {
    unit_t *ptr;
    size_t len, cap;
} builder_t;

static void push_units(builder_t *b, const unit_t *units, size_t n) {
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 16;
        while (cap < b->len + n)
            cap *= 2;
        b->ptr = realloc(b->ptr, cap * sizeof(unit_t));
        if (!b->ptr)
            abort();
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, units, n * sizeof(unit_t));
    b->len += n;
}

static void push_string(builder_t *b, const everything_string_t *s) {
    push_units(b, s->ptr, s->len);
}

/* Appends an ASCII literal, widened to the code unit type. */
static void push_ascii(builder_t *b, const char *s) {
    for (; *s; s++) {
        unit_t u = (unit_t)(unsigned char)*s;
        push_units(b, &u, 1);
    }
}

static void push_u32(builder_t *b, uint32_t v) {
    char digits[11];
    int i = 10;
    digits[i] = 0;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    push_ascii(b, digits + i);
}

static void finish(builder_t *b, everything_string_t *out) {
    out->ptr = b->ptr;
    out->len = b->len;
}

static void string_from_ascii(everything_string_t *out, const char *s) {
    builder_t b = {0};
    push_ascii(&b, s);
    finish(&b, out);
}

static int string_eq(const everything_string_t *a, const everything_string_t *b) {
    return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len * sizeof(unit_t)) == 0);
}

/* ---- State -------------------------------------------------------------- */

static uint32_t tick_count;

uint32_t exports_hoist_everything_guest_ticks(void) {
    return tick_count;
}

void exports_hoist_everything_guest_tick_n(uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        hoist_everything_host_tick();
        tick_count++;
    }
}

/* ---- Round trips through the host --------------------------------------- */

void exports_hoist_everything_guest_roundtrip_point(point_t *p, point_t *ret) {
    hoist_everything_host_host_point(p, ret);
}

void exports_hoist_everything_guest_roundtrip_rect(rect_t *r, rect_t *ret) {
    hoist_everything_host_host_rect(r, ret);
    hoist_everything_types_rect_free(r);
}

void exports_hoist_everything_guest_roundtrip_scalars(scalars_t *s, scalars_t *ret) {
    hoist_everything_host_host_scalars(s, ret);
}

void exports_hoist_everything_guest_roundtrip_ints(uint8_t a, int8_t b, uint16_t c, int16_t d,
                                                   uint32_t e, int32_t f, uint64_t g, int64_t h,
                                                   ints_t *ret) {
    hoist_everything_host_host_ints(a, b, c, d, e, f, g, h, ret);
}

void exports_hoist_everything_guest_roundtrip_floats(float a, double b, everything_tuple2_f32_f64_t *ret) {
    hoist_everything_host_host_floats(a, b, ret);
}

uint32_t exports_hoist_everything_guest_roundtrip_char(uint32_t c) {
    return hoist_everything_host_host_char(c);
}

bool exports_hoist_everything_guest_roundtrip_bool(bool b) {
    return hoist_everything_host_host_bool(b);
}

void exports_hoist_everything_guest_roundtrip_string(everything_string_t *s, everything_string_t *ret) {
    hoist_everything_host_host_string(s, ret);
    everything_string_free(s);
}

void exports_hoist_everything_guest_roundtrip_strings(everything_list_string_t *l, everything_list_string_t *ret) {
    hoist_everything_host_host_strings(l, ret);
    everything_list_string_free(l);
}

void exports_hoist_everything_guest_roundtrip_bytes(everything_list_u8_t *l, everything_list_u8_t *ret) {
    hoist_everything_host_host_bytes(l, ret);
    everything_list_u8_free(l);
}

void exports_hoist_everything_guest_roundtrip_shape(shape_t *s, shape_t *ret) {
    hoist_everything_host_host_shape(s, ret);
    hoist_everything_types_shape_free(s);
}

void exports_hoist_everything_guest_roundtrip_toggle(toggle_t *t, toggle_t *ret) {
    hoist_everything_host_host_toggle(t, ret);
}

color_t exports_hoist_everything_guest_roundtrip_color(color_t c) {
    return hoist_everything_host_host_color(c);
}

void exports_hoist_everything_guest_roundtrip_flags(hoist_everything_types_flags1_t a,
                                                    hoist_everything_types_flags5_t b,
                                                    hoist_everything_types_flags12_t c,
                                                    hoist_everything_types_flags32_t d,
                                                    all_flags_t *ret) {
    hoist_everything_host_host_flags(a, b, c, d, ret);
}

bool exports_hoist_everything_guest_roundtrip_option_string(everything_string_t *maybe_o, everything_string_t *ret) {
    bool some = hoist_everything_host_host_option_string(maybe_o, ret);
    if (maybe_o)
        everything_string_free(maybe_o);
    return some;
}

bool exports_hoist_everything_guest_roundtrip_option_u32(uint32_t *maybe_o, uint32_t *ret) {
    return hoist_everything_host_host_option_u32(maybe_o, ret);
}

bool exports_hoist_everything_guest_roundtrip_option_point(point_t *maybe_o, point_t *ret) {
    return hoist_everything_host_host_option_point(maybe_o, ret);
}

bool exports_hoist_everything_guest_roundtrip_result_unit(bool ok) {
    return hoist_everything_host_host_result_unit(ok);
}

bool exports_hoist_everything_guest_roundtrip_result_ok(uint32_t x, uint32_t *ret) {
    return hoist_everything_host_host_result_ok(x, ret);
}

bool exports_hoist_everything_guest_roundtrip_result_err(uint32_t x, everything_string_t *err) {
    return hoist_everything_host_host_result_err(x, err);
}

bool exports_hoist_everything_guest_roundtrip_result_both(everything_string_t *s, uint64_t *ret,
                                                          everything_string_t *err) {
    bool ok = hoist_everything_host_host_result_both(s, ret, err);
    everything_string_free(s);
    return ok;
}

void exports_hoist_everything_guest_roundtrip_mixed(mixed_t *t, mixed_t *ret) {
    hoist_everything_host_host_mixed(t, ret);
    hoist_everything_types_mixed_free(t);
}

void exports_hoist_everything_guest_roundtrip_people(guest_people_t *p, guest_people_t *ret) {
    /* The import's and the export's list types are distinct C types of the
     * same layout. */
    host_people_t in = {p->ptr, p->len};
    host_people_t out;
    hoist_everything_host_host_people(&in, &out);
    ret->ptr = out.ptr;
    ret->len = out.len;
    exports_hoist_everything_guest_list_person_free(p);
}

uint64_t exports_hoist_everything_guest_roundtrip_spill(scalars_t *a, scalars_t *b) {
    return hoist_everything_host_host_spill(a, b);
}

/* ---- Computed in the guest ---------------------------------------------- */

int64_t exports_hoist_everything_guest_sum_list(everything_list_s64_t *l) {
    uint64_t sum = 0;
    for (size_t i = 0; i < l->len; i++)
        sum += (uint64_t)l->ptr[i];
    everything_list_s64_free(l);
    return (int64_t)sum;
}

void exports_hoist_everything_guest_sum_points(exports_hoist_everything_guest_list_point_t *l, point_t *ret) {
    uint32_t x = 0, y = 0;
    for (size_t i = 0; i < l->len; i++) {
        x += (uint32_t)l->ptr[i].x;
        y += (uint32_t)l->ptr[i].y;
    }
    ret->x = (int32_t)x;
    ret->y = (int32_t)y;
    exports_hoist_everything_guest_list_point_free(l);
}

void exports_hoist_everything_guest_concat_strings(everything_list_string_t *l, everything_string_t *sep,
                                                   everything_string_t *ret) {
    builder_t b = {0};
    for (size_t i = 0; i < l->len; i++) {
        if (i > 0)
            push_string(&b, sep);
        push_string(&b, &l->ptr[i]);
    }
    finish(&b, ret);
    everything_list_string_free(l);
    everything_string_free(sep);
}

static uint32_t popcount(uint32_t v) {
    uint32_t n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

uint32_t exports_hoist_everything_guest_count_flags(all_flags_t *f) {
    return popcount(f->one) + popcount(f->five) + popcount(f->twelve) + popcount(f->thirty_two);
}

uint32_t exports_hoist_everything_guest_count_chars(everything_string_t *s) {
    uint32_t n = 0;
    for (size_t i = 0; i < s->len; i++) {
        uint32_t u = s->ptr[i];
        if (sizeof(unit_t) == 1) {
            /* UTF-8: every byte but a continuation byte starts a scalar. */
            if ((u & 0xC0) != 0x80)
                n++;
        } else {
            /* UTF-16: every unit but a low surrogate starts a scalar. */
            if (u < 0xDC00 || u > 0xDFFF)
                n++;
        }
    }
    everything_string_free(s);
    return n;
}

void exports_hoist_everything_guest_greet(person_t *p, everything_string_t *ret) {
    builder_t b = {0};
    push_ascii(&b, "hello, ");
    push_string(&b, &p->name);
    if (p->nick.is_some) {
        push_ascii(&b, " (");
        push_string(&b, &p->nick.val);
        push_ascii(&b, ")");
    }
    push_ascii(&b, ": ");
    push_u32(&b, p->age);
    for (size_t i = 0; i < p->tags.len; i++) {
        push_ascii(&b, " #");
        push_string(&b, &p->tags.ptr[i]);
    }
    finish(&b, ret);
    hoist_everything_types_person_free(p);
}

double exports_hoist_everything_guest_area(shape_t *s) {
    double area = 0;
    switch (s->tag) {
    case HOIST_EVERYTHING_TYPES_SHAPE_CIRCLE:
        area = s->val.circle * s->val.circle * 3;
        break;
    case HOIST_EVERYTHING_TYPES_SHAPE_RECTANGLE: {
        const rect_t *r = &s->val.rectangle;
        double w = (double)r->bottom_right.x - (double)r->top_left.x;
        double h = (double)r->bottom_right.y - (double)r->top_left.y;
        area = w * h;
        if (area < 0)
            area = -area;
        break;
    }
    case HOIST_EVERYTHING_TYPES_SHAPE_DOT:
        area = 0;
        break;
    case HOIST_EVERYTHING_TYPES_SHAPE_NAMED:
        area = (double)s->val.named.len;
        break;
    }
    hoist_everything_types_shape_free(s);
    return area;
}

bool exports_hoist_everything_guest_find_person(guest_people_t *l, everything_string_t *name, person_t *ret) {
    bool found = false;
    for (size_t i = 0; i < l->len; i++) {
        if (!found && string_eq(&l->ptr[i].name, name)) {
            *ret = l->ptr[i]; /* moved into the result */
            found = true;
        } else {
            hoist_everything_types_person_free(&l->ptr[i]);
        }
    }
    if (l->len > 0)
        free(l->ptr);
    everything_string_free(name);
    return found;
}

float exports_hoist_everything_guest_nan32(void) {
    return __builtin_nanf("");
}

double exports_hoist_everything_guest_nan64(void) {
    return __builtin_nan("");
}

bool exports_hoist_everything_guest_is_nan(double x) {
    return x != x;
}

bool exports_hoist_everything_guest_divide(int32_t a, int32_t b, int32_t *ret, everything_string_t *err) {
    if (b == 0) {
        string_from_ascii(err, "division by zero");
        return false;
    }
    if (a == INT32_MIN && b == -1) {
        string_from_ascii(err, "overflow");
        return false;
    }
    *ret = a / b;
    return true;
}

color_t exports_hoist_everything_guest_next_color(color_t c) {
    switch (c) {
    case HOIST_EVERYTHING_TYPES_COLOR_RED:
        return HOIST_EVERYTHING_TYPES_COLOR_GREEN;
    case HOIST_EVERYTHING_TYPES_COLOR_GREEN:
        return HOIST_EVERYTHING_TYPES_COLOR_BLUE;
    default:
        return HOIST_EVERYTHING_TYPES_COLOR_RED;
    }
}

void exports_hoist_everything_guest_repeat(everything_string_t *s, uint32_t n, everything_string_t *ret) {
    size_t len = s->len * (size_t)n;
    if (n != 0 && len / n != s->len)
        abort();
    unit_t *p = alloc_units(len);
    for (uint32_t i = 0; i < n; i++)
        memcpy(p + i * s->len, s->ptr, s->len * sizeof(unit_t));
    ret->ptr = p;
    ret->len = len;
    everything_string_free(s);
}

/* ---- The world's root functions ----------------------------------------- */

void exports_everything_run(everything_string_t *name, everything_string_t *ret) {
    builder_t msg = {0};
    push_ascii(&msg, "run ");
    push_string(&msg, name);
    everything_string_t m;
    finish(&msg, &m);
    everything_log(&m);
    everything_string_free(&m);

    builder_t out = {0};
    push_ascii(&out, "done ");
    push_string(&out, name);
    finish(&out, ret);
    everything_string_free(name);
}
