/* model.h — the in-memory audit model: one audit round as loaded from the
 * XML format of shared/spec/audit-format.md (version 1).
 *
 * Plain structs that own their children; ad_audit_free() releases the whole
 * model.  Every string is UTF-8, already cleaned for XML (see ad_xml_clean)
 * and with white space collapsed; inside paragraphs a line break given as
 * <br/> is stored as '\n'.  Optional strings are NULL when absent.  Each
 * element keeps the input line it came from, for diagnostics.
 *
 * Derived facts (narrative department lists, a department's own view) are not
 * stored here: see views.h. */
#ifndef AD_MODEL_H
#define AD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    AD_MARK_OK = 0,     /* ○ (alias o)  適正 */
    AD_MARK_IMPROVED,   /* △ (alias ^)  監査指導により改善 */
    AD_MARK_NG,         /* × (alias x)  改善を要する */
    AD_MARK_NA,         /* -            該当なし */
    AD_MARK_UNSET,      /* ?            not yet entered (a round started by auditdoc next) */
    AD_MARK_COUNT
} ad_mark;

typedef enum { AD_TERM_FIRST_HALF, AD_TERM_SECOND_HALF, AD_TERM_ANNUAL } ad_term;

typedef struct {
    int y, m, d;        /* all 0 when absent; y == -1: a place to fill ("?") */
} ad_date;

/* What a draft prints for a place to fill (a value written "?"). */
#define AD_UNFILLED "（未記入）"

/* A place to fill: a value written "?" where the format allows it (the
 * meeting's number, date, place and time, dates, a summary's paragraph). */
typedef struct {
    const char *what;   /* e.g. "the meeting date" (a string constant) */
    long line;
} ad_place;

/* ---- rich text ("blocks") --------------------------------------------- */
typedef enum {
    AD_BLOCK_P,         /* paragraph: text */
    AD_BLOCK_H,         /* heading inside free text: text */
    AD_BLOCK_UL,        /* bulleted list: children are AD_BLOCK_LI */
    AD_BLOCK_OL,        /* numbered list: children are AD_BLOCK_LI */
    AD_BLOCK_LI         /* list item: text, and children (nested lists) */
} ad_block_kind;

typedef struct ad_block ad_block;
typedef struct {
    ad_block *v;
    size_t n;
} ad_blocks;

struct ad_block {
    ad_block_kind kind;
    char *text;         /* P, H, LI; may be "" */
    ad_blocks children; /* UL, OL: items; LI: nested lists */
    long line;
};

/* ---- organisation, meeting ------------------------------------------- */
typedef struct {
    char *name;         /* required */
    char *committee;
    char *secretariat;
} ad_org;

typedef struct {
    char *ref;          /* id of a report or agenda-document, or NULL */
    char *text;
    long line;
} ad_agenda_item;

typedef struct {
    bool present;
    int number;         /* 第N回; 0 when absent */
    ad_date date;
    char *place;
    char *time;         /* free text, e.g. 情報化推進委員会終了後 */
    ad_agenda_item *agenda;
    size_t n_agenda;
    long line;
} ad_meeting;

typedef struct {
    char *id;
    char *short_name;   /* header of the matrix; defaults to name */
    char *name;
    bool special;       /* audit="special" (特別監査) */
    long line;
} ad_department;

typedef struct {
    char *id;
    char *name;
    long line;
} ad_system;

/* ---- 実施報告書 -------------------------------------------------------- */
typedef struct {
    char *title;        /* role title, e.g. 監査実施責任者 */
    char *text;
    long line;
} ad_role;

typedef struct {
    char **rules;
    size_t n_rules;
    long line;
} ad_criteria_group;

typedef struct {
    bool present;
    char *id;
    ad_date date;
    char *title;        /* NULL: the composer derives the default title */
    ad_blocks purpose;
    char *target_systems;
    ad_date *audit_dates;
    size_t n_audit_dates;
    ad_role *auditors;
    size_t n_auditors;
    ad_criteria_group *criteria;
    size_t n_criteria;
    ad_blocks summary;
    long line;
} ad_report;

/* ---- checklists -------------------------------------------------------- */
typedef enum {
    AD_LAYOUT_NARRATIVE = 1,
    AD_LAYOUT_MATRIX = 2,
    AD_LAYOUT_BOTH = 3
} ad_layout;

typedef struct {
    char *no;           /* e.g. "3(2)"; may be NULL */
    char *text;
    char *detail;       /* NULL when absent */
    ad_mark *marks;     /* one per department, in department order */
    char *remark;       /* 改善内容等; NULL when absent */
    long line;
    long marks_line;
} ad_item;

typedef struct {
    char *title;
    char **cells;       /* one per department */
    long line;
} ad_note_row;

typedef struct {
    char *id;
    char *numeral;      /* e.g. "I"; NULL when absent */
    char *title;
    ad_item *items;
    size_t n_items;
    ad_note_row *notes;
    size_t n_notes;
    long line;
} ad_section;

typedef struct {
    char *id;
    ad_layout layout;
    char *title;        /* NULL when absent */
    ad_section *sections;
    size_t n_sections;
    long line;
} ad_checklist;

/* ---- 結果報告書 --------------------------------------------------------- */
typedef struct {
    char *text;
    char **subs;        /* ア. イ. sub-items */
    size_t n_subs;
} ad_method;

typedef struct {
    char **items;
    size_t n;
    bool etc;           /* ends with など */
} ad_textlist;

/* The seven-row form; each field may be absent (has_* false) in a
 * department report, which then takes it from the defaults. */
typedef struct {
    bool has_purpose, has_scope, has_methods, has_schedule, has_topics, has_standards;
    char *purpose;
    size_t *scope;      /* indices into ad_audit.systems */
    size_t n_scope;
    ad_method *methods;
    size_t n_methods;
    ad_date *schedule;
    size_t n_schedule;
    ad_textlist topics;
    ad_textlist standards;
} ad_form;

typedef struct {
    char *title;
    char *text;
    bool repeat;        /* also found last year (再指摘) */
    long line;
    char *item;         /* item="CHECKLIST/SECTION/NO" it is about, or NULL */
} ad_finding;

typedef struct {
    size_t dept;        /* index into ad_audit.departments */
    ad_form form;       /* overrides */
    ad_blocks summary;  /* 総評; n == 0 when absent */
    bool has_summary;
    ad_finding *findings;
    size_t n_findings;
    char *advice;       /* printed as ただし、…; NULL when absent */
    long line;
} ad_dept_report;

typedef struct {
    bool present;
    ad_date date;
    ad_form defaults;
    ad_dept_report *reports;
    size_t n_reports;
    long line;
} ad_dept_reports;

/* ---- further agenda documents ------------------------------------------ */
typedef struct {
    char *id;
    char *title;
    ad_blocks body;
    long line;
} ad_agenda_doc;

/* ---- the whole round ----------------------------------------------------- */
typedef struct ad_audit ad_audit;
struct ad_audit {
    char *file;         /* the path it was loaded from (for messages) */
    uint64_t input_size;     /* the bytes it was loaded from: their size */
    char input_sha256[65];   /* and SHA-256 (the manifest's input, not a second reading) */
    int version;
    int fiscal_year;    /* Gregorian year the fiscal year starts in */
    ad_term term;
    ad_org org;
    ad_meeting meeting;
    ad_department *departments;
    size_t n_departments;
    ad_system *systems;
    size_t n_systems;
    ad_report report;
    ad_checklist *checklists;
    size_t n_checklists;
    ad_dept_reports dept_reports;
    ad_agenda_doc *agenda_docs;
    size_t n_agenda_docs;
    ad_place *unfilled;      /* places still written "?", in file order */
    size_t n_unfilled;
    size_t n_unset_marks;    /* marks still "?" */
    bool draft;              /* set by `build --draft`: documents are marked （案） */
    ad_audit *previous;      /* the organisation's round before this one, read from
                                the archive (--archive), or NULL; owned */
};

void ad_audit_free(ad_audit *a);   /* frees *a and all it owns; NULL is a no-op */
void ad_blocks_free(ad_blocks *b); /* frees the contents, not b itself */
void ad_form_free(ad_form *f);

/* Mark symbols: "○" "△" "×" "-" "?". */
const char *ad_mark_symbol(ad_mark m);
/* Parses a mark token (○ △ × - ? or o ^ x -); returns false if unknown. */
bool ad_mark_parse(const char *tok, ad_mark *out);
/* Finds by id; returns the index or (size_t)-1. */
size_t ad_audit_dept_index(const ad_audit *a, const char *id);
size_t ad_audit_system_index(const ad_audit *a, const char *id);
/* True while the round has marks not yet entered or places to fill. */
bool ad_audit_is_draft(const ad_audit *a);
/* The item that a finding's item="CHECKLIST/SECTION/NO" names, or NULL
 * when none does; *ambiguous is set when several do. */
const ad_item *ad_audit_find_item(const ad_audit *a, const char *ref, bool *ambiguous);
/* The department report of department index d, or NULL. */
const ad_dept_report *ad_audit_dept_report(const ad_audit *a, size_t d);

#endif
