/* Items and kill notices: what the partner has decides the signal (new,
 * correction, already sent); each usable text item and each kill notice
 * becomes one file. */
#include "bundle_int.h"
#include "names.h"
#include "wire.h"
#include "newsprint/meta.h"
#include "newsprint/render_text.h"
#include "newsprint/source.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_text_class(np_item_class c)
{
    return c == NP_CLASS_TEXT || c == NP_CLASS_COMPOSITE;
}

int np_items_write(void *ud, np_item *item, const np_selected *e)
{
    np_bundle *bd = ud;
    if (bd->failed) {
        np_item_free(item);
        return 0;
    }
    if (!is_text_class(item->item_class)) {
        bd->c.not_text++;
        np_item_free(item);
        return 0;
    }
    /* what the partner has: new, correction, or already sent */
    const char *signal = "new";
    long replaces = 0;
    const char *replaces_file = NULL;
    unsigned long long ref_seq = 0;
    np_received_entry *r = np_received_find(&bd->rcv, item->guid);
    if (r) {
        if (item->version <= r->version) {
            bd->c.already_sent++;
            np_item_free(item);
            return 0;
        }
        r->touched = 1;
        if (!r->killed) {
            signal = "correction";
            replaces = r->version;
            replaces_file = r->file;
            ref_seq = r->sequence;
        }
    } else if (!bd->delta && (e->is_correction || item->is_correction)) {
        signal = "correction";
        replaces = e->replaces ? e->replaces : item->version > 1 ? item->version - 1 : 0;
        if (!replaces)
            signal = "new";
    }
    if (!strcmp(signal, "correction"))
        bd->c.corrections++;
    else
        bd->c.new_items++;

    np_buf emb = NP_BUF_INIT;
    if (item->embargoed.valid && item->embargoed.utc > bd->at.utc) {
        np_time until = np_time_from_epoch(item->embargoed.utc);
        np_time_format_iso(&until, &emb);
    }
    const char *embargo = emb.len ? emb.data : NULL;
    size_t words = np_item_word_count(item);
    const char *headline = np_item_display_headline(item);
    headline = headline ? headline : "";
    const char *prio = np_profile_priority(&bd->p, item->urgency);

    /* the text: signal lines, (plain: headline), header fields, body */
    np_buf *t = &bd->text;
    np_buf_reset(t);
    if (bd->p.framing == NP_FRAME_PLAIN) {
        np_compose_signal_lines(bd, embargo, replaces, replaces_file, t);
        if (t->len)
            np_buf_putc(t, '\n');
        np_compose_field(bd, "", headline, "", t);
        if (bd->p.fields & NP_TXT_SUBHEADLINE)
            np_compose_field(bd, "", item->subheadline, "", t);
        np_buf_putc(t, '\n');
    } else {
        np_compose_signal_lines(bd, embargo, replaces, replaces_file, t);
    }
    size_t before = t->len;
    np_compose_header(bd, item, t);
    if (t->len > before || (bd->p.framing != NP_FRAME_PLAIN && t->len))
        np_compose_blank_lines(bd, t);

    np_compose_fold_body(bd, item->arena, item->body);
    np_text_opts to = {bd->p.width, NP_TXT_HEADLINE, bd->p.para_indent, bd->p.blank_between};
    np_buf_reset(&bd->body);
    np_render_text_body(item, &to, &bd->body);
    /* the renderer's own punctuation (list marks, picture brackets) */
    np_charset_fold(bd->cs, np_buf_cstr(&bd->body), bd->body.len, t);
    while (t->len >= 2 && t->data[t->len - 1] == '\n' && t->data[t->len - 2] == '\n')
        np_buf_truncate(t, t->len - 1);

    const char *version_field = !strcmp(signal, "correction") ? "Writethru" : "";
    np_compose_frame(bd, item->slugline ? item->slugline : headline, headline, prio,
          np_profile_category(&bd->p, item), words, version_field, ref_seq);

    const np_time *date = np_meta_item_date(item);
    np_bundle_expand_name(bd->p.pattern, item->slugline ? item->slugline : headline, item->guid,
                          item->version, bd->seq, date, &bd->name);
    np_file_info fi = {item->guid, item->version, headline, words, embargo, signal,
                    replaces, replaces_file, prio, item->urgency};
    int rc = np_pack_emit(bd, &fi);
    np_buf_free(&emb);
    np_item_free(item);
    return rc == NP_OK ? 0 : -1;
}

/* ---- kill notices -------------------------------------------------------- */

typedef struct kill_pass {
    np_bundle *bd;
    const np_batch *b;
} kill_pass;

static int note_canceled(void *ud, np_item *item)
{
    kill_pass *kp = ud;
    np_bundle *bd = kp->bd;
    np_received_entry *r;
    if (item->pubstatus != NP_PUB_CANCELED || !item->guid ||
        !(r = np_received_find(&bd->rcv, item->guid)) || r->killed || item->version < r->version ||
        np_selection_find(kp->b->selection, item->guid)) {
        np_item_free(item);
        return 0;
    }
    np_kill_note *k = NULL;
    for (size_t i = 0; i < bd->nkills; i++)
        if (!strcmp(bd->kills[i].guid, item->guid))
            k = &bd->kills[i];
    if (k && k->version >= item->version) {
        np_item_free(item);
        return 0;
    }
    if (!k) {
        NP_GROW(bd->kills, bd->nkills, bd->capkills, 8);
        k = &bd->kills[bd->nkills++];
        memset(k, 0, sizeof *k);
        k->guid = np_xstrdup(item->guid);
    } else {
        free(k->headline);
        free(k->slug);
        free(k->ednote);
    }
    k->version = item->version;
    k->headline = item->headline ? np_xstrdup(item->headline) : NULL;
    k->slug = item->slugline ? np_xstrdup(item->slugline) : NULL;
    k->ednote = item->ednote ? np_xstrdup(item->ednote) : NULL;
    k->category = np_profile_category(&bd->p, item);
    k->urgency = item->urgency;
    k->sent = r;
    np_item_free(item);
    return 0;
}

static void quiet_issue(void *ud, const np_error *err)
{
    (void)ud;
    (void)err;
}

static void find_kills(np_bundle *bd, const np_batch *b)
{
    kill_pass kp = {bd, b};
    np_read_opts ro = {
        .on_item = note_canceled, .on_issue = quiet_issue, .ud = &kp, .meta_only = 1};
    size_t n = np_sources_count(b->sources);
    for (size_t i = 0; i < n; i++) {
        if (b->file_failed && b->file_failed[i])
            continue;
        np_error err = NP_ERROR_INIT;
        if (np_sources_read(b->sources, i, &ro, &err) != NP_OK) {
            /* a file that cannot be read was reported in pass 1 */
        }
        np_error_clear(&err);
    }
}

static size_t count_words(const char *s)
{
    size_t w = 0;
    int in = 0;
    for (; *s; s++) {
        int sp = *s == ' ' || *s == '\n';
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

static int write_kill(np_bundle *bd, np_kill_note *k)
{
    np_received_entry *r = k->sent;
    r->touched = 1;
    np_buf head = NP_BUF_INIT;
    const char *h = k->headline ? k->headline : k->slug ? k->slug : k->guid;
    if (strncasecmp(h, "KILL", 4) != 0)
        np_buf_puts(&head, "KILL: ");
    np_buf_puts(&head, h);

    np_buf *t = &bd->text;
    np_buf_reset(t);
    if (bd->p.framing == NP_FRAME_PLAIN) {
        np_compose_field(bd, "", head.data, "", t);
        np_buf_putc(t, '\n');
    }
    np_compose_field(bd, "", "KILL KILL KILL", "  ", t);
    np_compose_blank_lines(bd, t);
    np_buf what = NP_BUF_INIT;
    np_buf_puts(&what, "Withdraw ");
    if (r->file)
        np_buf_printf(&what, "%s, ", r->file);
    np_buf_printf(&what, "version %ld of %s. Do not publish it; remove it from websites and archives.",
                  r->version, k->guid);
    np_compose_field(bd, "", what.data, "  ", t);
    if (k->ednote) {
        np_compose_blank_lines(bd, t);
        np_compose_field(bd, "Editor's note: ", k->ednote, "  ", t);
    }
    np_buf_free(&what);
    size_t words = count_words(np_buf_cstr(t));
    const char *prio = bd->p.prio_kill;
    np_compose_frame(bd, k->slug ? k->slug : h, head.data, prio, k->category, words, "Kill", r->sequence);

    const char *pattern = bd->p.kill_pattern;
    np_buf pat = NP_BUF_INIT;
    if (!pattern) {
        np_buf_printf(&pat, "KILL-%s", bd->p.pattern);
        pattern = pat.data;
    }
    np_bundle_expand_name(pattern, k->slug ? k->slug : h, k->guid, k->version, bd->seq, NULL, &bd->name);
    np_buf_free(&pat);
    np_file_info fi = {k->guid, k->version, head.data, words, NULL, "kill",
                    r->version, r->file, prio, k->urgency};
    int rc = np_pack_emit(bd, &fi);
    if (rc == NP_OK)
        bd->c.kills++;
    np_buf_free(&head);
    return rc;
}

void np_items_write_kills(np_bundle *bd, const np_batch *b)
{
    find_kills(bd, b);
    for (size_t i = 0; i < bd->nkills && !bd->failed; i++)
        write_kill(bd, &bd->kills[i]);
}

void np_items_free_kills(np_bundle *bd)
{
    for (size_t i = 0; i < bd->nkills; i++) {
        free(bd->kills[i].guid);
        free(bd->kills[i].headline);
        free(bd->kills[i].slug);
        free(bd->kills[i].ednote);
    }
    free(bd->kills);
    bd->kills = NULL;
    bd->nkills = bd->capkills = 0;
}
