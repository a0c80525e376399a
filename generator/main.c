/* main.c — the auditdoc command line: validate, dump, build, archive,
 * verify and rebuild.  Exit status: 0 success, 1 errors (invalid input,
 * failed output, archive differences), 2 usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "build.h"
#include "compose.h"
#include "fsutil.h"
#include "load.h"
#include "resources.h"
#include "rounds.h"
#include "templates.h"
#include "util.h"
#include "views.h"
#include "wareki.h"

#define EXIT_USAGE 2

static const char S_usage[] =
    "usage: auditdoc COMMAND [OPTIONS] ...\n"
    "\n"
    "Turns one audit XML file (docs/FORMAT.md) into the committee packet, the\n"
    "results matrix, one PDF per department, and a verifiable archive.\n"
    "\n"
    "commands:\n"
    "  next PREV -o NEW            start the next round's input from the last one\n"
    "  validate FILE...            check files against the format; print a summary\n"
    "  compare OLD NEW [--json]    what improved, worsened and stayed × between two rounds\n"
    "  dump FILE                   print the loaded model with its derived lists\n"
    "  build FILE -o DIR           write packet.docx, packet.pdf, matrix.pdf,\n"
    "                              departments/*.pdf and manifest.json into DIR\n"
    "  archive FILE --root DIR     file the round under DIR/<fiscal-year>/<term>/rev-N\n"
    "  verify ARCHIVE [--rebuild]  re-hash every archived file; --rebuild also regenerates\n"
    "  rebuild PATH                regenerate archived rounds and compare the bytes\n"
    "\n"
    "Run 'auditdoc COMMAND --help' for a command's options; 'auditdoc --version'.\n";

static const char S_usage_validate[] =
    "usage: auditdoc validate [--strict] [--archive ROOT] FILE...\n"
    "\n"
    "Checks each file against the audit format (schema and the spec's checks)\n"
    "and prints every problem as FILE:LINE: error|warning: message.\n"
    "  --strict         treat warnings as errors\n"
    "  --archive ROOT   check 再指摘 against each department's last audit filed in\n"
    "                   that archive (default: $AUDITDOC_ARCHIVE, when set)\n"
    "Exit status: 0 valid, 1 errors, 2 usage.\n";

static const char S_usage_next[] =
    "usage: auditdoc next PREV.xml -o NEW.xml [--fiscal-year YEAR] [--term TERM]\n"
    "\n"
    "Writes the next round's input from the last round's: organisation, systems,\n"
    "report texts, auditors, criteria, checklists and department-report defaults\n"
    "carried over, the departments carried over to be changed, every mark ? (not\n"
    "yet entered) and the meeting, dates and summaries as ? (places to fill).\n"
    "  --fiscal-year YEAR  the new round's fiscal year (default: that of the term after PREV's)\n"
    "  --term TERM         first-half, second-half or annual (default: the term after PREV's)\n"
    "NEW.xml must not exist yet.\n";

static const char S_usage_compare[] =
    "usage: auditdoc compare OLD NEW [--json]\n"
    "\n"
    "Compares two rounds (each an audit file, an archived revision folder rev-N or\n"
    "a round's folder in the archive): per department present in both, the items\n"
    "that improved (×/△ → ○), worsened (○ → △/×) and stayed ×, and NEW's 再指摘.\n"
    "  --json     the same as JSON, for a program\n";

static const char S_usage_dump[] =
    "usage: auditdoc dump [--doc packet|matrix|DEPARTMENT-ID] [--templates DIR] FILE\n"
    "\n"
    "Prints the loaded model with derived lists as text, or with --doc the\n"
    "document tree a document is rendered from.\n";

static const char S_usage_build[] =
    "usage: auditdoc build FILE -o DIR [options]\n"
    "\n"
    "Writes into DIR (replaced only when everything succeeded):\n"
    "  packet.docx  packet.pdf  matrix.pdf  departments/NN_<name>.pdf  manifest.json\n"
    "options:\n"
    "  -o, --output DIR        output folder (required)\n"
    "  --department ID         write only DIR/departments/<that department>.pdf\n"
    "  --templates DIR         wording and layout folder (default: the installed templates/)\n"
    "  --template HOUSE.docx   take the DOCX styles from your own Word file\n"
    "  --fonts DIR             fonts folder (default: the installed fonts/)\n"
    "  -j, --jobs N            worker processes (default: number of CPUs)\n"
    "  --strict                refuse to build when the input has warnings\n"
    "  --archive ROOT          check 再指摘 against the archive (default: $AUDITDOC_ARCHIVE)\n"
    "  --draft                 build a round that still has marks or places written ?\n"
    "                          (from auditdoc next): every title says （案）, each place\n"
    "                          to fill prints as （未記入）; never archived\n"
    "  -q, --quiet             no progress lines\n"
    "Set SOURCE_DATE_EPOCH to fix the documents' dates (default: the report date).\n";

static const char S_usage_archive[] =
    "usage: auditdoc archive FILE --root ARCHIVE [--init] [--templates DIR] [--fonts DIR] [--strict]\n"
    "\n"
    "Builds the round and files it, with the input and templates, as a BagIt bag\n"
    "under ARCHIVE/<fiscal-year>/<term>/rev-N.  An unchanged round is not filed\n"
    "again; a changed one becomes the next revision; nothing filed is overwritten.\n"
    "  --init       start a new archive at ARCHIVE (without it, ARCHIVE must\n"
    "               already be an auditdoc archive: a mistyped path is an error)\n";

static const char S_usage_verify[] =
    "usage: auditdoc verify ARCHIVE [--rebuild] [--fonts DIR]\n"
    "\n"
    "Re-hashes every file of every archived revision against its manifests and\n"
    "lists what changed, was added or went missing (exit status 1 then).\n"
    "  --rebuild    also regenerate each revision and compare the bytes\n";

static const char S_usage_rebuild[] =
    "usage: auditdoc rebuild PATH [--fonts DIR]\n"
    "\n"
    "Regenerates each archived revision under PATH from its archived input and\n"
    "templates and proves the outputs byte-identical (same program version).\n";

static int S_usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "auditdoc: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return EXIT_USAGE;
}

static int S_help_or_unknown(int c, const char *usage, char **argv)
{
    if (c == 'h') {
        fputs(usage, stdout);
        return 0;
    }
    return S_usage_error(usage, "unknown or incomplete option: %s", argv[optind - 1]);
}

static int S_status_exit(ad_status st) { return st == AD_ERR_USAGE ? EXIT_USAGE : 1; }

static void S_summary(const ad_audit *a)
{
    size_t items = 0, ng = 0, reports = a->dept_reports.n_reports, findings = 0;
    for (size_t c = 0; c < a->n_checklists; c++)
        for (size_t s = 0; s < a->checklists[c].n_sections; s++)
            for (size_t i = 0; i < a->checklists[c].sections[s].n_items; i++) {
                items++;
                for (size_t d = 0; d < a->n_departments; d++)
                    ng += a->checklists[c].sections[s].items[i].marks[d] == AD_MARK_NG;
            }
    for (size_t r = 0; r < reports; r++)
        findings += a->dept_reports.reports[r].n_findings;
    char *fy = ad_wareki_fiscal_year(a->fiscal_year);
#define S_PL(n) (n), ((n) == 1 ? "" : "s")
    printf("%s: valid: %s %s%s, %zu department%s, %zu checklist%s with %zu item%s, %zu × mark%s, "
           "%zu department report%s with %zu finding%s, %zu agenda document%s\n",
           a->file, a->org.name, fy ? fy : "?", ad_term_name(a->term), S_PL(a->n_departments),
           S_PL(a->n_checklists), S_PL(items), S_PL(ng), S_PL(reports), S_PL(findings),
           S_PL(a->n_agenda_docs));
    if (ad_audit_is_draft(a))
        printf("%s: a draft: %zu mark%s not yet entered, %zu place%s to fill (build --draft until "
               "they are filled)\n",
               a->file, S_PL(a->n_unset_marks), S_PL(a->n_unfilled));
#undef S_PL
    free(fy);
}

static int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {{"strict", no_argument, NULL, 's'},
                                         {"archive", required_argument, NULL, 'a'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    bool strict = false;
    const char *archive = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 's')
            strict = true;
        else if (c == 'a')
            archive = optarg;
        else
            return S_help_or_unknown(c, S_usage_validate, argv);
    }
    archive = ad_archive_root_option(archive);
    if (optind >= argc)
        return S_usage_error(S_usage_validate, "%s", "validate needs at least one FILE");
    int rc = 0;
    for (int i = optind; i < argc; i++) {
        ad_diags d;
        ad_diags_init(&d);
        ad_audit *a = ad_load_file(argv[i], &d);
        ad_err e = {0};
        if (a && ad_check_history(a, archive, &d, &e) != AD_OK) {
            fprintf(stderr, "auditdoc: error: %s\n", e.msg);
            ad_audit_free(a);
            ad_diags_free(&d);
            return S_status_exit(e.status);
        }
        ad_diags_print(&d, stderr);
        if (!a || (strict && d.n_warnings))
            rc = 1;
        else
            S_summary(a);
        ad_audit_free(a);
        ad_diags_free(&d);
    }
    return rc;
}

enum { OPT_FY = 900, OPT_TERM };

static int cmd_next(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"fiscal-year", required_argument, NULL, OPT_FY},
                                         {"term", required_argument, NULL, OPT_TERM},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    const char *out = NULL, *fy_opt = NULL, *term_opt = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == OPT_FY)
            fy_opt = optarg;
        else if (c == OPT_TERM)
            term_opt = optarg;
        else
            return S_help_or_unknown(c, S_usage_next, argv);
    }
    if (optind != argc - 1)
        return S_usage_error(S_usage_next, "%s", "next needs exactly one PREV file");
    if (!out)
        return S_usage_error(S_usage_next, "%s", "next needs -o NEW.xml");
    ad_term term;
    if (term_opt && !ad_term_parse(term_opt, &term))
        return S_usage_error(S_usage_next, "--term %s: use first-half, second-half or annual",
                             term_opt);
    char *end = NULL;
    long fy_l = fy_opt ? strtol(fy_opt, &end, 10) : 0;
    if (fy_opt && (*end || fy_l < 1989 || fy_l > 2100))
        return S_usage_error(S_usage_next,
                             "--fiscal-year %s: write the Gregorian year the fiscal year starts in "
                             "(1989–2100), for example 2025 for 令和7年度",
                             fy_opt);
    ad_diags d;
    ad_diags_init(&d);
    ad_audit *a = ad_load_file(argv[optind], &d);
    ad_diags_print(&d, stderr);
    ad_diags_free(&d);
    if (!a)
        return 1;
    int fy;
    ad_term nt;
    ad_next_term(a->fiscal_year, a->term, &fy, &nt);
    if (term_opt)
        nt = term;
    if (fy_opt)
        fy = (int)fy_l;
    else if (term_opt && nt != AD_TERM_SECOND_HALF && a->term == AD_TERM_FIRST_HALF)
        fy = a->fiscal_year + 1; /* first-half or annual again: the next year's */
    int rc = 0;
    if (ad_exists(out)) {
        fprintf(stderr, "auditdoc: %s already exists: next never overwrites a file; name a new one\n",
                out);
        rc = 1;
    } else if (fy > 2100) {
        fprintf(stderr, "auditdoc: the round after %s is outside the years 1989–2100\n", argv[optind]);
        rc = 1;
    } else {
        char *xml = ad_next_round_xml(a, argv[optind], fy, nt);
        ad_err e = {0};
        if (ad_write_atomic(out, xml, strlen(xml), &e) != AD_OK) {
            fprintf(stderr, "auditdoc: error: %s\n", e.msg);
            rc = 1;
        } else {
            char *name = ad_wareki_fiscal_year(fy);
            printf("%s: %s%s started from %s; fill in every ? (auditdoc validate counts them)\n", out,
                   name ? name : "", ad_term_name(nt), argv[optind]);
            free(name);
        }
        free(xml);
    }
    ad_audit_free(a);
    return rc;
}

static int cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'J'}, {"help", no_argument, NULL, 'h'}, {0}};
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'J')
            json = true;
        else
            return S_help_or_unknown(c, S_usage_compare, argv);
    }
    if (optind != argc - 2)
        return S_usage_error(S_usage_compare, "%s", "compare needs OLD and NEW");
    ad_audit *r[2] = {NULL, NULL};
    int rc = 0;
    for (int i = 0; i < 2; i++) {
        char *path = ad_round_input_path(argv[optind + i]);
        ad_diags d;
        ad_diags_init(&d);
        r[i] = ad_load_file(path, &d);
        if (!r[i]) {
            ad_diags_print(&d, stderr);
            rc = 1;
        }
        ad_diags_free(&d);
        free(path);
    }
    if (!rc) {
        ad_comparison *cmp = ad_compare_rounds(r[0], r[1]);
        if (json)
            ad_comparison_json(cmp, r[0], r[1], stdout);
        else
            ad_comparison_print(cmp, r[0], r[1], stdout);
        ad_comparison_free(cmp);
    }
    ad_audit_free(r[0]);
    ad_audit_free(r[1]);
    return rc;
}

static int cmd_dump(int argc, char **argv)
{
    static const struct option opts[] = {{"doc", required_argument, NULL, 'd'},
                                         {"templates", required_argument, NULL, 't'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    const char *doc = NULL, *tdir_opt = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'd')
            doc = optarg;
        else if (c == 't')
            tdir_opt = optarg;
        else
            return S_help_or_unknown(c, S_usage_dump, argv);
    }
    if (optind != argc - 1)
        return S_usage_error(S_usage_dump, "%s", "dump needs exactly one FILE");
    ad_diags d;
    ad_diags_init(&d);
    ad_audit *a = ad_load_file(argv[optind], &d);
    ad_diags_print(&d, stderr);
    ad_diags_free(&d);
    if (!a)
        return 1;
    int rc = 0;
    if (!doc) {
        ad_dump_audit(a, stdout);
    } else {
        ad_err e = {0};
        char *tdir = ad_resource_dir("templates", tdir_opt, &e);
        ad_templates *t = tdir ? ad_templates_load(tdir, &e) : NULL;
        if (!t) {
            fprintf(stderr, "auditdoc: error: %s\n", e.msg);
            rc = 1;
        } else {
            ad_doc *dd = NULL;
            if (strcmp(doc, "packet") == 0)
                dd = ad_compose_packet(a, t);
            else if (strcmp(doc, "matrix") == 0)
                dd = ad_compose_matrix_doc(a, t);
            else if (ad_audit_dept_index(a, doc) != (size_t)-1)
                dd = ad_compose_dept_doc(a, ad_audit_dept_index(a, doc), t);
            if (dd)
                ad_doc_dump(dd, stdout);
            else {
                fprintf(stderr, "auditdoc: --doc %s: expected packet, matrix or a department id\n",
                        doc);
                rc = EXIT_USAGE;
            }
            ad_doc_free(dd);
        }
        ad_templates_free(t);
        free(tdir);
    }
    ad_audit_free(a);
    return rc;
}

/* Options shared by build and archive. */
enum { OPT_TEMPLATES = 1000, OPT_TEMPLATE, OPT_FONTS, OPT_DEPARTMENT, OPT_STRICT, OPT_ROOT,
       OPT_REBUILD, OPT_INIT, OPT_DRAFT, OPT_ARCHIVE };


static int cmd_build(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"templates", required_argument, NULL, OPT_TEMPLATES},
        {"template", required_argument, NULL, OPT_TEMPLATE},
        {"fonts", required_argument, NULL, OPT_FONTS},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"draft", no_argument, NULL, OPT_DRAFT},
        {"archive", required_argument, NULL, OPT_ARCHIVE},
        {"help", no_argument, NULL, 'h'},
        {0}};
    ad_build_opts o = {0};
    o.progress = true;
    int c;
    while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o.out_dir = optarg; break;
        case 'j': o.jobs = atoi(optarg); break;
        case 'q': o.progress = false; break;
        case OPT_TEMPLATES: o.templates_dir = optarg; break;
        case OPT_TEMPLATE: o.house_docx = optarg; break;
        case OPT_FONTS: o.fonts_dir = optarg; break;
        case OPT_DEPARTMENT: o.department = optarg; break;
        case OPT_STRICT: o.strict = true; break;
        case OPT_DRAFT: o.draft = true; break;
        case OPT_ARCHIVE: o.archive = optarg; break;
        default: return S_help_or_unknown(c, S_usage_build, argv);
        }
    }
    if (optind != argc - 1)
        return S_usage_error(S_usage_build, "%s", "build needs exactly one FILE");
    if (!o.out_dir)
        return S_usage_error(S_usage_build, "%s", "build needs -o DIR");
    o.input = argv[optind];
    ad_diags d;
    ad_diags_init(&d);
    ad_err e = {0};
    ad_install_signal_handlers();
    ad_status st = ad_build(&o, &d, &e);
    ad_diags_print(&d, stderr);
    ad_diags_free(&d);
    if (st != AD_OK) {
        fprintf(stderr, "auditdoc: error: %s\n", e.msg);
        if (o.department == NULL)
            fprintf(stderr, "auditdoc: %s was left as it was\n", o.out_dir);
        return S_status_exit(st);
    }
    return 0;
}

static int cmd_archive(int argc, char **argv)
{
    static const struct option opts[] = {
        {"root", required_argument, NULL, OPT_ROOT},
        {"init", no_argument, NULL, OPT_INIT},
        {"templates", required_argument, NULL, OPT_TEMPLATES},
        {"fonts", required_argument, NULL, OPT_FONTS},
        {"jobs", required_argument, NULL, 'j'},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0}};
    ad_archive_opts o = {0};
    o.build.progress = true;
    int c;
    while ((c = getopt_long(argc, argv, "j:qh", opts, NULL)) != -1) {
        switch (c) {
        case OPT_ROOT: o.root = optarg; break;
        case OPT_INIT: o.init = true; break;
        case OPT_TEMPLATES: o.build.templates_dir = optarg; break;
        case OPT_FONTS: o.build.fonts_dir = optarg; break;
        case OPT_STRICT: o.build.strict = true; break;
        case 'j': o.build.jobs = atoi(optarg); break;
        case 'q': o.build.progress = false; break;
        default: return S_help_or_unknown(c, S_usage_archive, argv);
        }
    }
    if (optind != argc - 1)
        return S_usage_error(S_usage_archive, "%s", "archive needs exactly one FILE");
    if (!o.root)
        return S_usage_error(S_usage_archive, "%s", "archive needs --root ARCHIVE");
    o.build.input = argv[optind];
    ad_diags d;
    ad_diags_init(&d);
    ad_err e = {0};
    char *filed = NULL;
    bool unchanged = false;
    ad_install_signal_handlers();
    ad_status st = ad_archive(&o, &d, &filed, &unchanged, &e);
    ad_diags_print(&d, stderr);
    ad_diags_free(&d);
    if (st != AD_OK) {
        fprintf(stderr, "auditdoc: error: %s\n", e.msg);
        fprintf(stderr, "auditdoc: the archive was left as it was\n");
        free(filed);
        return S_status_exit(st);
    }
    if (unchanged)
        printf("%s: unchanged (same input and templates); nothing filed\n", filed);
    else
        printf("%s: filed\n", filed);
    free(filed);
    return 0;
}

static int cmd_verify(int argc, char **argv, bool rebuild_only)
{
    static const struct option opts[] = {{"rebuild", no_argument, NULL, OPT_REBUILD},
                                         {"fonts", required_argument, NULL, OPT_FONTS},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    const char *usage = rebuild_only ? S_usage_rebuild : S_usage_verify;
    bool rebuild = rebuild_only;
    const char *fonts = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == OPT_REBUILD)
            rebuild = true;
        else if (c == OPT_FONTS)
            fonts = optarg;
        else
            return S_help_or_unknown(c, usage, argv);
    }
    if (optind != argc - 1)
        return S_usage_error(usage, "%s", "needs exactly one ARCHIVE folder");
    ad_err e = {0};
    ad_status st = AD_OK;
    if (!rebuild_only)
        st = ad_verify(argv[optind], stdout, &e);
    if (st == AD_OK && rebuild)
        st = ad_rebuild(argv[optind], fonts, stdout, &e);
    if (st != AD_OK) {
        fprintf(stderr, "auditdoc: %s\n", e.msg);
        return S_status_exit(st);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(S_usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(S_usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("auditdoc %s\n", AD_VERSION);
        return 0;
    }
    argc--, argv++; /* argv[0] is now the command, as getopt expects */
    opterr = 0;     /* our own messages, one line each */
    optind = 1;
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc, argv);
    if (strcmp(cmd, "next") == 0)
        return cmd_next(argc, argv);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc, argv);
    if (strcmp(cmd, "dump") == 0)
        return cmd_dump(argc, argv);
    if (strcmp(cmd, "build") == 0)
        return cmd_build(argc, argv);
    if (strcmp(cmd, "archive") == 0)
        return cmd_archive(argc, argv);
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(argc, argv, false);
    if (strcmp(cmd, "rebuild") == 0)
        return cmd_verify(argc, argv, true);
    fprintf(stderr, "auditdoc: unknown command '%s'\n%s", cmd, S_usage);
    return EXIT_USAGE;
}
