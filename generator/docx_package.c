/* docx_package.c — ad_docx_write(): the OOXML package, written with libzip.
 *
 *   packet.docx
 *   ├── [Content_Types].xml              docx_parts.c
 *   ├── _rels/.rels                      docx_parts.c
 *   ├── docProps/core.xml                docx_parts.c (title, author, dates)
 *   ├── docProps/app.xml                 docx_parts.c
 *   └── word/
 *       ├── document.xml                 docx_document.c
 *       ├── _rels/document.xml.rels      docx_parts.c
 *       ├── styles.xml                   docx_styles.c (+ templates/docx/styles.xml)
 *       ├── settings.xml                 templates/docx/settings.xml
 *       ├── fontTable.xml                templates/docx/fontTable.xml (or the house file's)
 *       ├── footer1.xml                  docx_parts.c, only with page numbers
 *       └── theme/theme1.xml             only from a house file that has one
 *
 * Same input, same bytes: the entries are added in this fixed order, each
 * deflated at level 9 with the same fixed time stamp (1980-01-01 00:00 local
 * time, which libzip turns into the same DOS date in every time zone), and
 * libzip 1.7 adds no time-stamp extra fields of its own.  Dates inside the
 * parts come from doc->created.
 *
 * libzip ownership rules, as used here: zip_source_buffer(..., freep = 1)
 * takes the malloc'd buffer (freed with free() when the archive is closed or
 * discarded); when zip_file_add() fails the source is still ours and must be
 * zip_source_free()d.  Nothing reaches `path` before zip_close(), which itself
 * writes a temporary file and renames it; on any error the archive is
 * discarded, so no half-written file is left at path. */
#include "docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "docx_int.h"
#include "util.h"

enum {
    P_CONTENT_TYPES,
    P_RELS,
    P_CORE,
    P_APP,
    P_DOCUMENT,
    P_DOCUMENT_RELS,
    P_STYLES,
    P_NUMBERING,
    P_SETTINGS,
    P_WEB_SETTINGS,
    P_FONT_TABLE,
    P_FOOTER,
    P_THEME,
    P_COUNT
};

#define HOUSE_PART_MAX (32u << 20) /* refuse larger parts (zip bombs) */

/* Reads one entry of the house file; *data NULL (and AD_OK) when it is absent. */
static ad_status S_house_entry(zip_t *za, const char *house, const char *entry, char **data,
                               size_t *len, ad_err *e)
{
    *data = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(za, entry, ZIP_FL_NOCASE);
    if (idx < 0)
        return AD_OK;
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE))
        return ad_fail(e, AD_ERR_TEMPLATE, "%s: cannot read %s: %s", house, entry,
                       zip_strerror(za));
    if (zs.size > HOUSE_PART_MAX)
        return ad_fail(e, AD_ERR_TEMPLATE, "%s: %s is larger than %u MB", house, entry,
                       HOUSE_PART_MAX >> 20);
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf)
        return ad_fail(e, AD_ERR_TEMPLATE, "%s: cannot read %s: %s", house, entry,
                       zip_strerror(za));
    char *buf = ad_xmalloc((size_t)zs.size + 1);
    zip_int64_t got = 0, n;
    while ((zip_uint64_t)got < zs.size &&
           (n = zip_fread(zf, buf + got, zs.size - (zip_uint64_t)got)) > 0)
        got += n;
    bool bad = (zip_uint64_t)got != zs.size;
    zip_fclose(zf);
    if (bad) {
        free(buf);
        return ad_fail(e, AD_ERR_TEMPLATE, "%s: %s is damaged (read %lld of %llu bytes)", house,
                       entry, (long long)got, (unsigned long long)zs.size);
    }
    buf[got] = '\0';
    ad_err xe = {0};
    if (ad_dx_check_xml(entry, buf, (size_t)got, &xe) != AD_OK) {
        free(buf);
        return ad_fail(e, AD_ERR_TEMPLATE, "%s: %s", house, xe.msg);
    }
    *data = buf;
    *len = (size_t)got;
    return AD_OK;
}

static ad_status S_read_house(const char *house, ad_part *styles, ad_part *fonts, ad_part *theme,
                              ad_part *doc, ad_err *e)
{
    int zerr = 0;
    zip_t *za = zip_open(house, ZIP_RDONLY, &zerr);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        ad_status st = ad_fail(e, AD_ERR_TEMPLATE, "%s: cannot open the house template: %s",
                               house, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    ad_status st = S_house_entry(za, house, "word/styles.xml", &styles->data, &styles->len, e);
    if (st == AD_OK && !styles->data)
        st = ad_fail(e, AD_ERR_TEMPLATE,
                     "%s: not a Word document with styles (no word/styles.xml in it)", house);
    if (st == AD_OK)
        st = S_house_entry(za, house, "word/fontTable.xml", &fonts->data, &fonts->len, e);
    if (st == AD_OK)
        st = S_house_entry(za, house, "word/theme/theme1.xml", &theme->data, &theme->len, e);
    if (st == AD_OK)
        st = S_house_entry(za, house, "word/document.xml", &doc->data, &doc->len, e);
    zip_discard(za);
    return st;
}

/* The fixed time stamp of every entry: 1980-01-01 00:00 in local time. */
static time_t S_zip_time(void)
{
    struct tm tm = {0};
    tm.tm_year = 80;
    tm.tm_mon = 0;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

static ad_status S_zip_add(zip_t *za, ad_part *p, time_t mtime, const char *path, ad_err *e)
{
    zip_source_t *src = zip_source_buffer(za, p->data, p->len, 1);
    if (!src)
        return ad_fail(e, AD_ERR_RENDER, "%s: libzip: %s", path, zip_strerror(za));
    p->data = NULL; /* the source owns it now */
    zip_int64_t idx = zip_file_add(za, p->name, src, ZIP_FL_ENC_GUESS);
    if (idx < 0) {
        zip_source_free(src);
        return ad_fail(e, AD_ERR_RENDER, "%s: adding %s: %s", path, p->name, zip_strerror(za));
    }
    if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6) < 0 ||
        zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) < 0)
        return ad_fail(e, AD_ERR_RENDER, "%s: %s: %s", path, p->name, zip_strerror(za));
    return AD_OK;
}

ad_status ad_docx_write(const ad_doc *d, const ad_docx_opts *o, const char *path, ad_err *e)
{
    const char *tdir = o && o->templates_dir ? o->templates_dir : NULL;
    ad_part parts[P_COUNT];
    memset(parts, 0, sizeof parts);
    ad_part house_styles = {0};
    ad_dx_ctx c;
    ad_dx_ctx_init(&c, d);
    ad_status st = AD_OK;

    if (o && o->house_docx) {
        ad_part house_doc = {0};
        st = S_read_house(o->house_docx, &house_styles, &parts[P_FONT_TABLE], &parts[P_THEME],
                          &house_doc, e);
        c.theme = parts[P_THEME].data != NULL;
        if (st == AD_OK)
            ad_dx_house_grid(&c, house_doc.data, house_doc.len);
        free(house_doc.data);
    }
    /* styles first: it settles the style ids the document refers to */
    if (st == AD_OK)
        st = ad_dx_styles(&c, tdir, house_styles.data, house_styles.len, &parts[P_STYLES], e);
    /* our theme unless the house brings its own */
    if (st == AD_OK && !parts[P_THEME].data)
        st = ad_dx_static(tdir, "theme1.xml", &parts[P_THEME], e);
    c.theme = parts[P_THEME].data != NULL;
    if (st == AD_OK)
        st = ad_dx_content_types(&c, &parts[P_CONTENT_TYPES], e);
    if (st == AD_OK)
        st = ad_dx_package_rels(&c, &parts[P_RELS], e);
    if (st == AD_OK)
        st = ad_dx_core(&c, &parts[P_CORE], e);
    if (st == AD_OK)
        st = ad_dx_app(&c, &parts[P_APP], e);
    if (st == AD_OK)
        st = ad_dx_document(&c, &parts[P_DOCUMENT], e);
    if (st == AD_OK)
        st = ad_dx_document_rels(&c, &parts[P_DOCUMENT_RELS], e);
    if (st == AD_OK && c.n_kinds)
        st = ad_dx_numbering(&c, &parts[P_NUMBERING], e);
    if (st == AD_OK)
        st = ad_dx_static(tdir, "settings.xml", &parts[P_SETTINGS], e);
    if (st == AD_OK)
        st = ad_dx_static(tdir, "webSettings.xml", &parts[P_WEB_SETTINGS], e);
    if (st == AD_OK && !parts[P_FONT_TABLE].data)
        st = ad_dx_static(tdir, "fontTable.xml", &parts[P_FONT_TABLE], e);
    if (st == AD_OK && c.footer)
        st = ad_dx_footer(&c, &parts[P_FOOTER], e);
    parts[P_SETTINGS].name = "word/settings.xml";
    parts[P_WEB_SETTINGS].name = "word/webSettings.xml";
    parts[P_FONT_TABLE].name = "word/fontTable.xml";
    parts[P_THEME].name = "word/theme/theme1.xml";

    zip_t *za = NULL;
    if (st == AD_OK) {
        int zerr = 0;
        za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
        if (!za) {
            zip_error_t ze;
            zip_error_init_with_code(&ze, zerr);
            st = ad_fail(e, AD_ERR_IO, "%s: cannot create the DOCX file: %s", path,
                         zip_error_strerror(&ze));
            zip_error_fini(&ze);
        }
    }
    time_t mtime = S_zip_time();
    for (int i = 0; st == AD_OK && i < P_COUNT; i++)
        if (parts[i].data)
            st = S_zip_add(za, &parts[i], mtime, path, e);
    if (za) {
        if (st == AD_OK) {
            if (zip_close(za) < 0) {
                st = ad_fail(e, AD_ERR_IO, "%s: cannot write the DOCX file: %s", path,
                             zip_strerror(za));
                zip_discard(za);
                unlink(path);
            }
        } else {
            zip_discard(za);
        }
    }
    for (int i = 0; i < P_COUNT; i++)
        free(parts[i].data);
    free(house_styles.data);
    ad_dx_ctx_free(&c);
    return st;
}
