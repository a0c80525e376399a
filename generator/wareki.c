/* wareki.c — Japanese calendar (和暦): strict ISO date parsing and
 * validation, weekdays, era dates (令和7年10月15日（水）), fiscal years
 * (令和7年度) and term names (上半期 / 下半期).
 *
 * Range: the format allows the years 1989–2100, so every date from
 * 1989-01-01 to 2100-12-31 is valid.  The eras come from the data of ICU's
 * Japanese calendar (below): 1989-01-01 .. 1989-01-07 are the last
 * days of 昭和 (昭和64年1月N日), 平成 runs 1989-01-08 .. 2019-04-30, 令和
 * from 2019-05-01, and a next era arrives with an ICU update, not a change
 * here.  The first year of an era is written 元年, as ICU's Japanese
 * formatting writes it (a pattern with 年 after the year).  Digits stay
 * ASCII as in the reference packet (令和7年10月15日).  Fiscal years and
 * terms are ours. */
#include "wareki.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ures.h>
#include <unicode/ustring.h>

#include "util.h"

#define S_MIN_YEAR 1989
#define S_MAX_YEAR 2100

static bool S_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int S_days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && S_leap(y) ? 29 : days[m - 1];
}

bool ad_date_valid(ad_date d)
{
    if (d.y < S_MIN_YEAR || d.y > S_MAX_YEAR)
        return false;
    if (d.m < 1 || d.m > 12)
        return false;
    return d.d >= 1 && d.d <= S_days_in_month(d.y, d.m);
}

static bool S_digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool ad_date_parse(const char *s, ad_date *out)
{
    ad_date d = { 0, 0, 0 };
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!S_digits(s, 4, &d.y) || !S_digits(s + 5, 2, &d.m) || !S_digits(s + 8, 2, &d.d))
        return false;
    if (!ad_date_valid(d))
        return false;
    if (out)
        *out = d;
    return true;
}

int ad_date_weekday(ad_date d)
{
    /* Sakamoto's method (Gregorian calendar). */
    static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
    int y = d.y;
    if (d.m < 1 || d.m > 12)
        return 0;
    if (d.m < 3)
        y -= 1;
    int w = (y + y / 4 - y / 100 + y / 400 + t[d.m - 1] + d.d) % 7;
    return w < 0 ? w + 7 : w;
}

int ad_date_cmp(ad_date a, ad_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

/* ---- ICU's Japanese calendar ----------------------------------------------- */

/* The eras come from ICU's own data, as its Japanese calendar reads them:
 * their first days from supplementalData (calendarData/japanese/eras/N/start,
 * an era marked named="false" being tentative and left out, as ICU does
 * unless ICU_ENABLE_TENTATIVE_ERA is set, which is not read here: a build's
 * documents do not depend on the environment), their names from the ja
 * locale (calendar/japanese/eras/abbreviated, the names ICU's formatter
 * writes for the pattern G).  Read
 * through ICU's resource bundles in libicuuc: the date formatter of
 * libicui18n would cost a library and about 1 ms at every start for two
 * strings.  Only the eras that can hold a valid date (from 1989 back to the
 * era in force then) are kept.  Checked against ICU's formatter for every
 * date 1989-2100 and fiscal year 1985-2105 when this replaced it. */

typedef struct {
    int start; /* y * 10000 + m * 100 + d of its first day */
    char name[32];
} S_era;

enum { S_MAX_ERAS = 16 };
static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static S_era S_eras[S_MAX_ERAS]; /* by start, ascending */
static int S_n_eras;

static int S_ymd(int y, int m, int d) { return y * 10000 + m * 100 + d; }

static void S_open(void)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *sup = ures_openDirect(NULL, "supplementalData", &st);
    UResourceBundle *cal = ures_getByKey(sup, "calendarData", NULL, &st);
    UResourceBundle *jcal = ures_getByKey(cal, "japanese", NULL, &st);
    UResourceBundle *eras = ures_getByKey(jcal, "eras", NULL, &st);
    UResourceBundle *ja = ures_open(NULL, "ja", &st);
    UResourceBundle *jac = ures_getByKey(ja, "calendar", NULL, &st);
    UResourceBundle *jaj = ures_getByKey(jac, "japanese", NULL, &st);
    UResourceBundle *jae = ures_getByKey(jaj, "eras", NULL, &st);
    UResourceBundle *names = ures_getByKey(jae, "abbreviated", NULL, &st);
    /* the eras by number: the table is keyed "0" … "236" */
    int32_t n = U_SUCCESS(st) ? ures_getSize(eras) : 0;
    int32_t n_names = U_SUCCESS(st) ? ures_getSize(names) : 0;
    S_era found[S_MAX_ERAS];
    int n_found = 0;
    int best_before = -1; /* the era in force on the first day of the range */
    S_era before = {0, ""};
    for (int32_t i = 0; i < n; i++) {
        UErrorCode s2 = U_ZERO_ERROR;
        UResourceBundle *e = ures_getByIndex(eras, i, NULL, &s2);
        const char *key = U_SUCCESS(s2) ? ures_getKey(e) : NULL;
        UResourceBundle *sv = ures_getByKey(e, "start", NULL, &s2);
        int32_t len = 0;
        const int32_t *v = U_SUCCESS(s2) ? ures_getIntVector(sv, &len, &s2) : NULL;
        UErrorCode s3 = U_ZERO_ERROR;
        int32_t nl = 0;
        const UChar *named = ures_getStringByKey(e, "named", &nl, &s3);
        bool tentative = U_SUCCESS(s3) && nl == 5 && named[0] == 'f';
        int num = key ? atoi(key) : -1;
        if (U_SUCCESS(s2) && v && len >= 3 && !tentative && num >= 0 && num < n_names) {
            S_era era = {S_ymd(v[0], v[1], v[2]), ""};
            UErrorCode s4 = U_ZERO_ERROR;
            int32_t ul = 0;
            const UChar *u = ures_getStringByIndex(names, num, &ul, &s4);
            int32_t n8 = 0;
            if (U_SUCCESS(s4))
                u_strToUTF8(era.name, (int32_t)sizeof era.name, &n8, u, ul, &s4);
            /* a name that fills the buffer is left unterminated (a warning): none is */
            if (s4 == U_ZERO_ERROR && n8 > 0 && n8 < (int32_t)sizeof era.name) {
                if (era.start <= S_ymd(S_MIN_YEAR, 1, 1)) {
                    if (era.start > best_before)
                        best_before = era.start, before = era;
                } else if (n_found < S_MAX_ERAS) {
                    found[n_found++] = era;
                }
            }
        }
        ures_close(sv);
        ures_close(e);
    }
    ures_close(names);
    ures_close(jae);
    ures_close(jaj);
    ures_close(jac);
    ures_close(ja);
    ures_close(eras);
    ures_close(jcal);
    ures_close(cal);
    ures_close(sup);
    if (best_before < 0)
        return; /* no era in force in 1989: ICU's data is missing or not what we know */
    S_eras[S_n_eras++] = before;
    for (int i = 0; i < n_found; i++) { /* insertion by start */
        int k = S_n_eras++;
        while (k > 0 && S_eras[k - 1].start > found[i].start) {
            S_eras[k] = S_eras[k - 1];
            k--;
        }
        S_eras[k] = found[i];
    }
}

/* Appends d's era and its year in it to b as ICU's Japanese formatting
 * writes them before 年 (令和7, 令和元: the first year of an era is 元, the
 * others in ASCII digits).  False, with nothing appended, when ICU's data
 * is missing. */
static bool S_era_put(ad_buf *b, ad_date d)
{
    pthread_once(&S_once, S_open);
    int ymd = S_ymd(d.y, d.m, d.d);
    for (int i = S_n_eras - 1; i >= 0; i--)
        if (S_eras[i].start <= ymd) {
            int year = d.y - S_eras[i].start / 10000 + 1;
            ad_buf_puts(b, S_eras[i].name);
            if (year == 1)
                ad_buf_puts(b, "元");
            else
                ad_buf_printf(b, "%d", year);
            return true;
        }
    return false;
}

char *ad_wareki_date(ad_date d)
{
    if (d.y == -1) /* a place to fill ("?"), printed only in a draft */
        return ad_xstrdup(AD_UNFILLED);
    if (!ad_date_valid(d))
        return NULL;
    ad_buf b = {0};
    if (!S_era_put(&b, d))
        ad_buf_printf(&b, "%d", d.y); /* no ICU data: Gregorian */
    ad_buf_printf(&b, "年%d月%d日", d.m, d.d);
    return ad_buf_take(&b);
}

char *ad_wareki_date_weekday(ad_date d)
{
    static const char *const names[7] = { "日", "月", "火", "水", "木", "金", "土" };
    char *date = ad_wareki_date(d);
    if (!date || d.y == -1)
        return date;
    char *s = ad_xasprintf("%s（%s）", date, names[ad_date_weekday(d)]);
    free(date);
    return s;
}

/* A fiscal year runs from April of fiscal_year to March of the next year.
 * It is named as its 31 December is: FY2019 began on 2019-04-01 in 平成31年
 * but is called 令和元年度, the era having changed a month into it, as
 * Japanese municipalities (龍ヶ崎市 among them) name it in every document
 * written after the change, and as the government's guidance allowed; an era
 * starting between January and March leaves that fiscal year its old name
 * (FY1988 was 昭和63年度). */
char *ad_wareki_fiscal_year(int fiscal_year)
{
    if (fiscal_year < S_MIN_YEAR || fiscal_year > S_MAX_YEAR)
        return NULL;
    ad_buf b = {0};
    if (!S_era_put(&b, (ad_date){fiscal_year, 12, 31}))
        ad_buf_printf(&b, "%d", fiscal_year); /* no ICU data: Gregorian */
    ad_buf_puts(&b, "年度");
    return ad_buf_take(&b);
}

const char *ad_term_name(ad_term t)
{
    switch (t) {
    case AD_TERM_FIRST_HALF: return "上半期";
    case AD_TERM_SECOND_HALF: return "下半期";
    case AD_TERM_ANNUAL: return "";
    }
    return "";
}

const char *ad_term_id(ad_term t)
{
    switch (t) {
    case AD_TERM_FIRST_HALF: return "first-half";
    case AD_TERM_SECOND_HALF: return "second-half";
    case AD_TERM_ANNUAL: return "annual";
    }
    return "annual";
}

bool ad_term_parse(const char *s, ad_term *out)
{
    static const ad_term all[3] = { AD_TERM_FIRST_HALF, AD_TERM_SECOND_HALF, AD_TERM_ANNUAL };
    if (!s)
        return false;
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(s, ad_term_id(all[i])) == 0) {
            if (out)
                *out = all[i];
            return true;
        }
    }
    return false;
}
