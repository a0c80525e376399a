/* compose_agenda.c — the meeting's agenda page (次第: title, 日時, 場所, the
 * numbered agenda items linking to their parts) and the further agenda
 * documents (議題2 … : a numbered heading and free text). */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "compose_int.h"
#include "util.h"
#include "wareki.h"

/* True when some part of the packet carries the anchor part-<ref>. */
static bool S_ref_exists(const ad_audit *a, const char *ref)
{
    if (!ref)
        return false;
    if (a->report.present && a->report.id && strcmp(a->report.id, ref) == 0)
        return true;
    for (size_t i = 0; i < a->n_agenda_docs; i++)
        if (a->agenda_docs[i].id && strcmp(a->agenda_docs[i].id, ref) == 0)
            return true;
    return false;
}

void ad_compose_agenda(ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    const ad_meeting *m = &a->meeting;
    if (!m->present)
        return;
    ad_page pg = ad_compose_page(t, false);
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    char *title = ad_cx_meeting_title(a, t);
    char *anchor = ad_anchor_for("agenda", "page");
    ad_section_set_outline(s, ad_w(t, "agenda.outline"), 1, anchor);
    free(anchor);

    ad_add_text(&s->body, AD_PS_TITLE, AD_ALIGN_CENTER, title);
    free(title);

    int info_indent = ad_cx_layout_mm(t, "agenda.info_indent", 70);
    if (info_indent > ad_page_text_width(&pg) / 2)
        info_indent = ad_page_text_width(&pg) / 2;
    char *date = ad_wareki_date_weekday(m->date);
    if (date || m->time) {
        ad_buf b = {0};
        char *line = ad_wf(t, "agenda.date", "date", date ? date : "", NULL);
        ad_buf_puts(&b, line);
        free(line);
        if (m->time && *m->time) {
            /* the time note goes on the next line, under the date */
            ad_buf_puts(&b, "\n");
            ad_buf_puts(&b, ad_w(t, "agenda.time_indent"));
            ad_buf_puts(&b, m->time);
        }
        char *text = ad_buf_take(&b);
        ad_node *p = ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT, text);
        p->indent = info_indent;
        free(text);
    }
    free(date);
    if (m->place && *m->place) {
        char *line = ad_wf(t, "agenda.place", "place", m->place, NULL);
        ad_node *p = ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT, line);
        p->indent = info_indent;
        free(line);
    }

    /* blank lines between the meeting data and the items, and between
     * items: spacing above each item (doc.h blank_lines) */
    int blanks = (int)ad_layout_num(t, "agenda.blank_lines", 2);
    int items_indent = ad_cx_layout_mm(t, "agenda.items_indent", 10);
    int gap = (int)ad_layout_num(t, "agenda.item_gap_lines", 1);
    for (size_t i = 0; i < m->n_agenda; i++) {
        const ad_agenda_item *it = &m->agenda[i];
        char n[24];
        snprintf(n, sizeof n, "%zu", i + 1);
        char *text = ad_wf(t, "agenda.item", "n", n, "text", it->text ? it->text : "", NULL);
        ad_node *p = ad_add_para(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT);
        p->indent = items_indent;
        p->blank_lines = i == 0 ? (blanks < 10 ? blanks : 10) : (gap < 10 ? gap : 10);
        if (p->blank_lines < 0)
            p->blank_lines = 0;
        p->number_in_text = true;
        ad_run *r = ad_para_add_run(p, text, 0);
        free(text);
        if (S_ref_exists(a, it->ref)) {
            char *target = ad_anchor_for("part", it->ref);
            ad_run_set_link(r, target);
            free(target);
        }
    }
}

/* The number of agenda-document id in the agenda, or 0 when it is not listed. */
static size_t S_agenda_number(const ad_audit *a, const char *id)
{
    for (size_t i = 0; a->meeting.present && i < a->meeting.n_agenda; i++)
        if (a->meeting.agenda[i].ref && id && strcmp(a->meeting.agenda[i].ref, id) == 0)
            return i + 1;
    return 0;
}

void ad_compose_agenda_docs(ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    for (size_t i = 0; i < a->n_agenda_docs; i++) {
        const ad_agenda_doc *doc = &a->agenda_docs[i];
        ad_page pg = ad_compose_page(t, false);
        ad_doc_section *s = ad_doc_add_section(d, &pg, false);
        size_t no = S_agenda_number(a, doc->id);
        const char *title = doc->title ? doc->title : "";
        char *heading;
        if (no) {
            char n[24];
            snprintf(n, sizeof n, "%zu", no);
            heading = ad_wf(t, "agenda.doc_heading", "n", n, "title", title, NULL);
        } else {
            heading = ad_wf(t, "agenda.doc_heading_unlisted", "title", title, NULL);
        }
        char *anchor = ad_anchor_for("part", doc->id);
        ad_section_set_outline(s, heading, 1, anchor);
        free(anchor);
        ad_add_text(&s->body, AD_PS_TITLE, AD_ALIGN_LEFT, heading);
        free(heading);
        ad_compose_blocks(&s->body, &doc->body, t, AD_PS_NORMAL);
    }
}
