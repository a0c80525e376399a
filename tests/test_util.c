/* test_util.c — util.c (UTF-8, XML cleaning, buffers) and fsutil.c (safe
 * file names, atomic writes, directory replacement). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "hash.h"
#include "testutil.h"
#include "util.h"

START_TEST(xml_clean_replaces_forbidden)
{
    char *s = ad_xml_clean("a\x01" "b\x7f" "c\t\n\xef\xbf\xbe" "d\xff" "e");
    /* U+0001 and U+FFFE and the invalid byte become U+FFFD; DEL, TAB, LF stay */
    ck_assert_str_eq(s, "a\xef\xbf\xbd" "b\x7f" "c\t\n\xef\xbf\xbd" "d\xef\xbf\xbd" "e");
    free(s);
    s = ad_xml_clean("𠮷 ]]> & <");
    ck_assert_str_eq(s, "𠮷 ]]> & <");
    free(s);
    ck_assert_ptr_null(ad_xml_clean(NULL));
}
END_TEST

START_TEST(utf8_decode_rejects_overlong_and_surrogates)
{
    uint32_t cp;
    ck_assert_uint_eq(ad_utf8_decode("\xc0\xaf", 2, &cp), 1);
    ck_assert_uint_eq(cp, 0xFFFD);
    ck_assert_uint_eq(ad_utf8_decode("\xed\xa0\x80", 3, &cp), 1);
    ck_assert_uint_eq(cp, 0xFFFD);
    ck_assert_uint_eq(ad_utf8_decode("\xf0\xa0\xae\xb7", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x20BB7);
    ck_assert(ad_utf8_valid("令和", strlen("令和")));
    ck_assert(!ad_utf8_valid("\xe4\xbb", 2));
    ck_assert_uint_eq(ad_utf8_len("令和7年"), 4);
}
END_TEST

START_TEST(buf_and_vec)
{
    ad_buf b = {0};
    for (int i = 0; i < 1000; i++)
        ad_buf_printf(&b, "%d,", i);
    ck_assert(strncmp(b.s, "0,1,2,", 6) == 0);
    char *s = ad_buf_take(&b);
    ck_assert_ptr_null(b.s);
    free(s);
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 100; i++)
        AD_VEC_PUSH(v, n, cap) = i * 2;
    ck_assert_uint_eq(n, 100);
    ck_assert_int_eq(v[99], 198);
    free(v);
}
END_TEST

START_TEST(safe_filename_windows_rules)
{
    struct { const char *in, *out; } cases[] = {
        {"まちの魅力創造課", "まちの魅力創造課"},
        {"../../etc/passwd", "_.._etc_passwd"},
        {"a<b>c:d\"e/f\\g|h?i*j%k", "a_b_c_d_e_f_g_h_i_j_k"},
        {"CON", "_CON"},
        {"com1.txt", "_com1.txt"},
        {" name. ", "name"},
        {"...", "_"},
        {"", "_"},
        {"tab\there", "tab_here"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = ad_safe_filename(cases[i].in, 200);
        ck_assert_msg(strcmp(s, cases[i].out) == 0, "%s -> %s, expected %s", cases[i].in, s,
                      cases[i].out);
        free(s);
    }
    /* never cuts a UTF-8 character */
    char *s = ad_safe_filename("課課課課課", 10);
    ck_assert_str_eq(s, "課課課");
    free(s);
}
END_TEST

START_TEST(atomic_write_and_replace_dir)
{
    char *dir = tu_tmpdir();
    char *f = ad_xasprintf("%s/x.txt", dir);
    ad_err e = {0};
    ck_assert_int_eq(ad_write_atomic(f, "one", 3, &e), AD_OK);
    ck_assert_int_eq(ad_write_atomic(f, "two", 3, &e), AD_OK);
    char *got = tu_read(f, NULL);
    ck_assert_str_eq(got, "two");
    free(got);
    /* a write into a missing folder fails and leaves nothing */
    char *bad = ad_xasprintf("%s/missing/x.txt", dir);
    ck_assert_int_eq(ad_write_atomic(bad, "x", 1, &e), AD_ERR_IO);
    ck_assert(strstr(e.msg, "missing/x.txt") != NULL);
    free(bad);

    char *out = ad_xasprintf("%s/out", dir);
    ck_assert_int_eq(ad_mkdirs(out, &e), AD_OK);
    char *old = ad_xasprintf("%s/old.txt", out);
    tu_write(old, "old");
    char *tmp = ad_mkdtemp_beside(out, &e);
    ck_assert_ptr_nonnull(tmp);
    char *nf = ad_xasprintf("%s/new.txt", tmp);
    tu_write(nf, "new");
    ck_assert_int_eq(ad_replace_dir(tmp, out, &e), AD_OK);
    ck_assert(!ad_exists(old));
    char *moved = ad_xasprintf("%s/new.txt", out);
    ck_assert(ad_exists(moved));
    ck_assert(!ad_exists(tmp));

    /* rename without replace refuses an existing target */
    char *t2 = ad_mkdtemp_beside(out, &e);
    ck_assert_int_eq(ad_rename_noreplace(t2, out, &e), AD_ERR_EXISTS);
    ck_assert(ad_exists(moved));
    ad_rmrf(t2);
    free(t2);
    free(moved);
    free(nf);
    free(tmp);
    free(old);
    free(out);
    free(f);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(sha256_known_values)
{
    char hex[65];
    ad_sha256_buf("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    char *dir = tu_tmpdir();
    char *f = ad_xasprintf("%s/e", dir);
    tu_write(f, "");
    uint64_t size = 99;
    ad_err e;
    ck_assert_int_eq(ad_sha256_file(f, hex, &size, &e), AD_OK);
    ck_assert_uint_eq(size, 0);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    free(f);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* The FIPS 180-4 examples, every length from 0 to 300 against sha256sum, and
 * a large file. */
START_TEST(sha256_fips_vectors)
{
    static const char *const in[] = {"abc", "",
                                     "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"};
    static const char *const out[] = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"};
    char *million = ad_xmalloc(1000000);
    memset(million, 'a', 1000000);
    unsigned char data[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131 + 7);
    char *dir = tu_tmpdir();
    char *big = ad_xasprintf("%s/big", dir);
    FILE *f = fopen(big, "wb");
    for (int k = 0; k < 5000; k++)
        fwrite(data, 1, sizeof data - (size_t)(k % 7), f);
    fclose(f);
    char *want = NULL;
    ck_assert_int_eq(tu_runf(&want, "sha256sum '%s' | cut -c1-64", big), 0);
    want[64] = 0;
    char hex[65];
    for (size_t i = 0; i < 3; i++) {
        ad_sha256_buf(in[i], strlen(in[i]), hex);
        ck_assert_str_eq(hex, out[i]);
    }
    ad_sha256_buf(million, 1000000, hex);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* every length around the 64-byte block and its padding boundary */
    char *lens = ad_xasprintf("%s/len", dir);
    for (size_t len = 0; len <= 300; len += len < 130 ? 1 : 17) {
        FILE *g = fopen(lens, "wb");
        fwrite(data, 1, len, g);
        fclose(g);
        char *ref = NULL;
        ck_assert_int_eq(tu_runf(&ref, "sha256sum '%s' | cut -c1-64", lens), 0);
        ad_sha256_buf(data, len, hex);
        ck_assert_msg(strncmp(hex, ref, 64) == 0, "length %zu", len);
        free(ref);
    }
    free(lens);
    uint64_t size = 0;
    ad_err e;
    ck_assert_int_eq(ad_sha256_file(big, hex, &size, &e), AD_OK);
    ck_assert_str_eq(hex, want);
    ck_assert_int_eq(ad_sha256_file(dir, hex, &size, &e), AD_ERR_IO); /* a folder: read fails */
    free(want);
    free(big);
    free(million);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("util");
    tcase_add_test(tc, xml_clean_replaces_forbidden);
    tcase_add_test(tc, utf8_decode_rejects_overlong_and_surrogates);
    tcase_add_test(tc, buf_and_vec);
    suite_add_tcase(s, tc);
    TCase *fs = tcase_create("fsutil");
    tcase_add_test(fs, safe_filename_windows_rules);
    tcase_add_test(fs, atomic_write_and_replace_dir);
    tcase_add_test(fs, sha256_known_values);
    tcase_add_test(fs, sha256_fips_vectors);
    suite_add_tcase(s, fs);
    return tu_main(s);
}
