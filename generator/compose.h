/* compose.h — turning the audit model into document trees (doc.h), one
 * function per document part.  Composers read wording from the templates and
 * never write any output themselves; both backends render what they build.
 *
 * The committee packet is, in agenda order: the agenda page (compose_agenda.c),
 * the audit report with its narrative tables (compose_report.c), the results
 * matrix 結果一覧 (compose_matrix.c), every department's result report
 * (compose_dept.c) and each further agenda document (compose_agenda.c). */
#ifndef AD_COMPOSE_H
#define AD_COMPOSE_H

#include <time.h>
#include "doc.h"
#include "model.h"
#include "templates.h"
#include "views.h"

/* The creation time of every document of a round: SOURCE_DATE_EPOCH when it
 * is set (and a valid number), else the report date (or the department
 * reports' date, or the meeting date) at 00:00 JST, else 0. */
time_t ad_round_time(const ad_audit *a);

/* A new empty document with metadata, styles and page-number format taken
 * from the templates. */
ad_doc *ad_compose_doc_new(const ad_audit *a, const ad_templates *t, const char *title,
                           const char *subject);
/* The page geometry for the templates' layout (A4; margins from layout.txt). */
ad_page ad_compose_page(const ad_templates *t, bool landscape);
/* Appends rich-text blocks as paragraphs (lists get markers). */
void ad_compose_blocks(ad_nodes *out, const ad_blocks *b, const ad_templates *t, ad_pstyle style);

/* Parts, each appended to d as one or more sections.  Parts whose data is
 * absent append nothing. */
void ad_compose_agenda(ad_doc *d, const ad_audit *a, const ad_templates *t);
void ad_compose_report(ad_doc *d, const ad_audit *a, const ad_templates *t);
void ad_compose_matrix(ad_doc *d, const ad_audit *a, const ad_templates *t);
/* One department's result report; reads only the department's view. */
void ad_compose_dept_report(ad_doc *d, const ad_dept_view *v, const ad_templates *t,
                            bool appendix);
void ad_compose_agenda_docs(ad_doc *d, const ad_audit *a, const ad_templates *t);

/* Whole documents; the caller frees them with ad_doc_free(). */
ad_doc *ad_compose_packet(const ad_audit *a, const ad_templates *t);
ad_doc *ad_compose_matrix_doc(const ad_audit *a, const ad_templates *t);
ad_doc *ad_compose_dept_doc(const ad_audit *a, size_t dept, const ad_templates *t);
/* Whether the audit has a results matrix, so ad_compose_matrix_doc has a
 * document to make. */
bool ad_compose_has_matrix(const ad_audit *a);

/* What making each whole document costs, roughly in milliseconds as measured
 * (AUDITDOC_TIMING) on the sample and at 100 departments x 160 items: a
 * build starts the largest first.  docx: the packet as DOCX, else as PDF. */
long ad_compose_packet_cost(const ad_audit *a, bool docx);
long ad_compose_matrix_cost(const ad_audit *a);
long ad_compose_dept_cost(const ad_audit *a, size_t dept);

/* Anchor names used for links and bookmarks: "part-<id>", "dept-<id>"; the
 * program's own parts use ids with "_", which no user id may contain. */
char *ad_anchor_for(const char *kind, const char *id);

#endif
