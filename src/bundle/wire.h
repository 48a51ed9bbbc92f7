/* Wire framings for bundle files: plain text, IPTC 7901 and ANPA-1312.
 * Only assembles bytes: the caller gives folded (charset-safe), wrapped
 * text.  The exact byte layouts are in doc/bundle-formats.md.  Private. */
#ifndef NP_WIRE_H
#define NP_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include "newsprint/buf.h"

typedef enum np_framing {
    NP_FRAME_PLAIN = 0,
    NP_FRAME_IPTC7901,
    NP_FRAME_ANPA1312
} np_framing;

/* Control characters (ISO 646 / ASCII). */
enum {
    NP_SOH = 0x01, NP_STX = 0x02, NP_ETX = 0x03, NP_EOT = 0x04,
    NP_DC1 = 0x11, NP_DC3 = 0x13, NP_SYN = 0x16, NP_US = 0x1f
};

/* "plain", "iptc7901", "anpa1312" -> 0; -1 for anything else. */
int np_framing_parse(const char *name, np_framing *out);
const char *np_framing_name(np_framing f);

typedef struct np_wire_msg {
    np_framing framing;
    const char *eol;        /* "\n" or "\r\n" */
    unsigned seq;           /* message number, shown as 4 digits (mod 10000) */
    const char *source;     /* IPTC 7901: source identifier ("NPW");
                               ANPA-1312: service level designator ("a") */
    const char *selector;   /* ANPA-1312: selector code(s) after US, or NULL */
    const char *priority;   /* IPTC 7901 "1".."6"; ANPA-1312 "f","b","u","r","d" */
    const char *category;   /* IPTC 7901: 1-3 letters; ANPA-1312: 1 letter */
    size_t words;           /* shown as 4 digits, 9999 at most */
    const char *slug;       /* IPTC 7901 keyword line; ANPA-1312 keyword (<= 24) */
    const char *version;    /* ANPA-1312 version field ("" or e.g. "Writethru") */
    const char *reference;  /* ANPA-1312 reference field ("" or e.g. "0012") */
    int month, day;         /* ANPA-1312 filing date (MM-DD) */
    const char *headline;   /* one or more lines ('\n'), after STX */
    const char *text;       /* lines separated by '\n' (a final '\n' optional) */
    const char *signoff;    /* ANPA-1312: before the time stamp ("NPW"), or NULL */
    int64_t sent;           /* transmission time, seconds since the epoch (UTC) */
} np_wire_msg;

/* Append the framed message to `out`: every '\n' of headline and text
 * becomes `eol`.  Plain framing: headline lines, then text (no control
 * characters at all). */
void np_wire_frame(const np_wire_msg *m, np_buf *out);

/* Time stamps, UTC: IPTC 7901 "DDHHMM MON YY" ("280000 NOV 26") and
 * ANPA-1312 "MM-DD-YY HHMMGMT" ("11-28-26 0000GMT"). */
void np_wire_time_iptc(int64_t t, np_buf *out);
void np_wire_time_anpa(int64_t t, np_buf *out);

/* Civil date/time (UTC) of t. */
void np_wire_civil(int64_t t, int *year, int *month, int *day, int *hour, int *min);

#endif
