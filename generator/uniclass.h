/* uniclass.h — the Unicode classes auditdoc asks about, in one place and
 * from GLib's tables (g_unichar_iswide, g_unichar_get_script): wide
 * characters (the loader's line-break rule), Han and kana (Japanese
 * composition) and the scripts that do not belong in a Japanese document
 * (the loader's script check).  tests/test_uniclass.c lists where these
 * answers differ from the hand-written ranges they replaced. */
#ifndef AD_UNICLASS_H
#define AD_UNICLASS_H

#include <stdbool.h>
#include <stdint.h>

/* East Asian Wide or Fullwidth (UAX #11). */
bool ad_uc_wide(uint32_t c);
/* Kanji: script Han, and 〆 (U+3006), written as one though Unicode gives it
 * no script of its own. */
bool ad_uc_han(uint32_t c);
/* Kana: scripts Hiragana and Katakana, and the marks both share (゛゜ and
 * their combining forms, ゠, ー), which Unicode puts in no script. */
bool ad_uc_kana(uint32_t c);
/* The English name of c's script when that script does not belong in a
 * Japanese document (Hangul, Cyrillic, Arabic, Thai …): a static string;
 * NULL for Japanese, Latin, Greek, symbols, punctuation and marks. */
const char *ad_uc_foreign_script(uint32_t c);

#endif
