/* Wire framings: IPTC 7901 and ANPA-1312 message envelopes around text. */
#include "wire.h"
#include "newsprint/time.h"
#include "util/keyword.h"

#include <string.h>

/* in the order of np_framing */
static const char *const framing_names[] = {"plain", "iptc7901", "anpa1312", NULL};

int np_framing_parse(const char *name, np_framing *out)
{
    int i = np_keyword_index(name, framing_names);
    if (i < 0)
        return -1;
    *out = (np_framing)i;
    return 0;
}

const char *np_framing_name(np_framing f)
{
    return f == NP_FRAME_IPTC7901 || f == NP_FRAME_ANPA1312 ? framing_names[f] : "plain";
}

void np_wire_civil(int64_t t, int *year, int *month, int *day, int *hour, int *min)
{
    np_time u = np_time_from_epoch(t);
    np_time_civil(&u, year, month, day, hour, min, NULL);
}

void np_wire_time_iptc(int64_t t, np_buf *out)
{
    static const char *const mon[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    int y, m, d, h, mi;
    np_wire_civil(t, &y, &m, &d, &h, &mi);
    np_buf_printf(out, "%02d%02d%02d %s %02d", d, h, mi, mon[m - 1], ((y % 100) + 100) % 100);
}

void np_wire_time_anpa(int64_t t, np_buf *out)
{
    int y, m, d, h, mi;
    np_wire_civil(t, &y, &m, &d, &h, &mi);
    np_buf_printf(out, "%02d-%02d-%02d %02d%02dGMT", m, d, ((y % 100) + 100) % 100, h, mi);
}

/* Append s with each '\n' replaced by eol; a missing final newline is added
 * when `terminate` is set. */
static void put_lines(np_buf *out, const char *s, const char *eol, int terminate)
{
    if (!s || !*s)
        return;
    const char *p = s;
    for (const char *nl; (nl = strchr(p, '\n')); p = nl + 1) {
        np_buf_put(out, p, (size_t)(nl - p));
        np_buf_puts(out, eol);
    }
    if (*p) {
        np_buf_puts(out, p);
        if (terminate)
            np_buf_puts(out, eol);
    }
}

static unsigned seq4(unsigned seq)
{
    return seq % 10000;
}

static size_t words4(size_t w)
{
    return w > 9999 ? 9999 : w;
}

static void iptc7901(const np_wire_msg *m, np_buf *out)
{
    /* SOH, header: source + message number, priority, category, words */
    np_buf_putc(out, NP_SOH);
    np_buf_printf(out, "%s%04u %s %s %04zu", m->source ? m->source : "", seq4(m->seq),
                  m->priority ? m->priority : "4", m->category ? m->category : "x",
                  words4(m->words));
    np_buf_puts(out, m->eol);
    /* keyword (slug) line */
    if (m->slug && *m->slug) {
        np_buf_puts(out, m->slug);
        np_buf_puts(out, m->eol);
    }
    /* STX, headline, text */
    np_buf_putc(out, NP_STX);
    put_lines(out, m->headline, m->eol, 1);
    put_lines(out, m->text, m->eol, 1);
    /* ETX, transmission time (post-text information), EOT */
    np_buf_putc(out, NP_ETX);
    np_wire_time_iptc(m->sent, out);
    np_buf_puts(out, m->eol);
    np_buf_putc(out, NP_EOT);
}

static void anpa1312(const np_wire_msg *m, np_buf *out)
{
    /* SYN SYN SOH, service level designator + message number, selector */
    np_buf_putc(out, NP_SYN);
    np_buf_putc(out, NP_SYN);
    np_buf_putc(out, NP_SOH);
    np_buf_printf(out, "%s%04u", m->source ? m->source : "a", seq4(m->seq));
    if (m->selector && *m->selector) {
        np_buf_putc(out, NP_US);
        np_buf_puts(out, m->selector);
    }
    np_buf_puts(out, m->eol);
    /* priority, category, DC3 DC1 (text format), keyword, version,
     * reference, filing date, word count */
    np_buf_printf(out, "%s %s", m->priority ? m->priority : "r", m->category ? m->category : "i");
    np_buf_putc(out, NP_DC3);
    np_buf_putc(out, NP_DC1);
    np_buf_printf(out, " %s %s %s %02d-%02d %04zu", m->slug ? m->slug : "",
                  m->version ? m->version : "", m->reference ? m->reference : "", m->month,
                  m->day, words4(m->words));
    np_buf_puts(out, m->eol);
    np_buf_putc(out, NP_STX);
    put_lines(out, m->headline, m->eol, 1);
    put_lines(out, m->text, m->eol, 1);
    np_buf_putc(out, NP_ETX);
    if (m->signoff && *m->signoff) {
        np_buf_puts(out, m->signoff);
        np_buf_putc(out, '-');
    }
    np_wire_time_anpa(m->sent, out);
    np_buf_puts(out, m->eol);
    np_buf_putc(out, NP_EOT);
}

void np_wire_frame(const np_wire_msg *m, np_buf *out)
{
    switch (m->framing) {
    case NP_FRAME_IPTC7901:
        iptc7901(m, out);
        break;
    case NP_FRAME_ANPA1312:
        anpa1312(m, out);
        break;
    default:
        put_lines(out, m->headline, m->eol, 1);
        put_lines(out, m->text, m->eol, 1);
        break;
    }
}
