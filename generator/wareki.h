/* wareki.h — Japanese calendar (和暦) formatting of dates, fiscal years and
 * terms, for every date the format allows (1989-01-01 .. 2100-12-31).
 * Eras from ICU's Japanese calendar: 昭和 until 1989-01-07 (昭和64年), 平成
 * from 1989-01-08, 令和 from 2019-05-01; the first year of an era is written
 * 元年.  Safe to call from several threads. */
#ifndef AD_WAREKI_H
#define AD_WAREKI_H

#include <stdbool.h>
#include "model.h"

/* True for a real calendar date (leap years honoured) within 1989–2100. */
bool ad_date_valid(ad_date d);
/* Parses YYYY-MM-DD strictly.  Returns false for anything else or an
 * impossible date. */
bool ad_date_parse(const char *s, ad_date *out);
/* 0 = Sunday … 6 = Saturday. */
int ad_date_weekday(ad_date d);
/* -1, 0, 1 like strcmp. */
int ad_date_cmp(ad_date a, ad_date b);

/* Return newly allocated strings; the caller frees them.  NULL for an
 * invalid date; AD_UNFILLED for a place to fill (y == -1). */
char *ad_wareki_date(ad_date d);               /* 令和7年10月15日 */
char *ad_wareki_date_weekday(ad_date d);       /* 令和7年10月15日（水） */
char *ad_wareki_fiscal_year(int fiscal_year);  /* 令和7年度; 令和元年度 for 2019 */
/* "上半期", "下半期" or "" for annual. */
const char *ad_term_name(ad_term t);
/* "first-half", "second-half", "annual". */
const char *ad_term_id(ad_term t);
bool ad_term_parse(const char *s, ad_term *out);

#endif
