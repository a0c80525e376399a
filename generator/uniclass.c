/* uniclass.c — Unicode classes from GLib's tables (uniclass.h). */
#include "uniclass.h"

#include <glib.h>

bool ad_uc_wide(uint32_t c) { return g_unichar_iswide((gunichar)c); }

bool ad_uc_han(uint32_t c)
{
    return g_unichar_get_script((gunichar)c) == G_UNICODE_SCRIPT_HAN || c == 0x3006 /* 〆 */;
}

bool ad_uc_kana(uint32_t c)
{
    GUnicodeScript s = g_unichar_get_script((gunichar)c);
    return s == G_UNICODE_SCRIPT_HIRAGANA || s == G_UNICODE_SCRIPT_KATAKANA ||
           (c >= 0x3099 && c <= 0x309C) /* ゛゜ */ || c == 0x30A0 /* ゠ */ || c == 0x30FC /* ー */;
}

const char *ad_uc_foreign_script(uint32_t c)
{
    static const struct {
        GUnicodeScript script;
        const char *name;
    } tab[] = {
        {G_UNICODE_SCRIPT_HANGUL, "Hangul"},       {G_UNICODE_SCRIPT_CYRILLIC, "Cyrillic"},
        {G_UNICODE_SCRIPT_ARMENIAN, "Armenian"},   {G_UNICODE_SCRIPT_HEBREW, "Hebrew"},
        {G_UNICODE_SCRIPT_ARABIC, "Arabic"},       {G_UNICODE_SCRIPT_SYRIAC, "Syriac"},
        {G_UNICODE_SCRIPT_THAANA, "Thaana"},       {G_UNICODE_SCRIPT_NKO, "N'Ko"},
        {G_UNICODE_SCRIPT_SAMARITAN, "Samaritan"}, {G_UNICODE_SCRIPT_MANDAIC, "Mandaic"},
        {G_UNICODE_SCRIPT_DEVANAGARI, "Devanagari"}, {G_UNICODE_SCRIPT_BENGALI, "Bengali"},
        {G_UNICODE_SCRIPT_GURMUKHI, "Gurmukhi"},   {G_UNICODE_SCRIPT_GUJARATI, "Gujarati"},
        {G_UNICODE_SCRIPT_ORIYA, "Oriya"},         {G_UNICODE_SCRIPT_TAMIL, "Tamil"},
        {G_UNICODE_SCRIPT_TELUGU, "Telugu"},       {G_UNICODE_SCRIPT_KANNADA, "Kannada"},
        {G_UNICODE_SCRIPT_MALAYALAM, "Malayalam"}, {G_UNICODE_SCRIPT_SINHALA, "Sinhala"},
        {G_UNICODE_SCRIPT_THAI, "Thai"},           {G_UNICODE_SCRIPT_LAO, "Lao"},
        {G_UNICODE_SCRIPT_TIBETAN, "Tibetan"},     {G_UNICODE_SCRIPT_MYANMAR, "Myanmar"},
        {G_UNICODE_SCRIPT_GEORGIAN, "Georgian"},   {G_UNICODE_SCRIPT_ETHIOPIC, "Ethiopic"},
        {G_UNICODE_SCRIPT_KHMER, "Khmer"},         {G_UNICODE_SCRIPT_MONGOLIAN, "Mongolian"},
    };
    if (c < 0x0400) /* Latin, Greek, symbols: the common case, no look-up */
        return NULL;
    GUnicodeScript s = g_unichar_get_script((gunichar)c);
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (tab[i].script == s)
            return tab[i].name;
    return NULL;
}
