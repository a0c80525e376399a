/* gen_audit.c — a synthetic, valid audit XML file (audit format, version 1) of
 * N departments and M items per checklist section, for the benchmark.
 *
 *   gen_audit N M [OUT.xml]        (stdout without OUT)
 *
 * Shaped like samples/ryugasaki-r7-first-half.xml, whose texts it recombines:
 * a meeting with agenda, the audit report (purpose, criteria, a summary of four
 * paragraphs), a narrative checklist of 3 sections (with remarks that wrap, given
 * for rows with × or △ and a few more), a matrix checklist of 4 sections with a
 * note row in the third, N department reports (1–3 summary paragraphs; findings
 * exactly for the departments that have a × somewhere; advice for some) and one
 * agenda document.  About one marks row in four uses the ASCII aliases.
 *
 * Deterministic: the same N and M give the same bytes (a fixed PRNG seeded
 * from N and M, no clock, no locale).  The file passes `auditdoc validate`
 * without warnings.  Peers read it too (../shared/peers/xml2json.py). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- deterministic PRNG (splitmix64) ---------------------------------- */
static uint64_t S_rng;

static uint64_t rnd_u64(void)
{
    uint64_t z = (S_rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static double rnd_unit(void) { return (double)(rnd_u64() >> 11) * (1.0 / 9007199254740992.0); }
static size_t rnd_below(size_t n) { return (size_t)(rnd_u64() % n); }

/* ---- text pools, from the sample ------------------------------------- */
typedef struct { const char *name, *shortname; } dept_src;
static const dept_src S_depts[] = {
    {"まちの魅力創造課", "まち"}, {"税務課", "税務"}, {"納税課", "納税"},
    {"こども家庭センター", "こども"}, {"スポーツ推進課", "スポーツ"}, {"商工観光課", "商工"},
    {"保育課", "保育"},
    {"市民協働課", "協働"}, {"環境対策課", "環境"}, {"都市計画課", "都計"}, {"道路整備課", "道路"},
    {"下水道課", "下水"}, {"農業政策課", "農政"}, {"健康増進課", "健康"}, {"高齢福祉課", "高齢"},
    {"障がい福祉課", "障福"}, {"生涯学習課", "生涯"}, {"文化振興課", "文化"}, {"危機管理課", "危機"},
    {"防災安全課", "防災"}, {"人事行政課", "人事"}, {"財政課", "財政"}, {"企画課", "企画"},
    {"秘書広報課", "広報"}, {"管財課", "管財"}, {"会計課", "会計"}, {"議会事務局", "議会"},
    {"選挙管理委員会事務局", "選管"}, {"学校教育課", "学教"}, {"子育て支援課", "子育"},
    {"住宅政策課", "住宅"}, {"交通政策課", "交通"}, {"国保年金課", "国保"}, {"市民窓口課", "窓口"},
    {"デジタル都市推進課", "デジ"}, {"観光物産課", "物産"}, {"公園緑地課", "公園"},
    {"建築指導課", "建築"}, {"消防総務課", "消防"}, {"監査委員事務局", "監査"},
};

/* Department summary paragraphs; '@' stands for the department's name. */
static const char *const S_summaries[] = {
    "一部パスワードの管理や、研修等における改善点が見受けられたものの、概ね適正に運用が行われていることが確認できた。また、今年度に発生した他課におけるインシデントを教訓に独自にマニュアルを作成し運用するなど、評価すべき点も見受けられた。今後も、適正な運用に努められたい。",
    "デスクトップへの貼り付けやパスワードの管理、また研修受講に関して一時指導項目はあったものの、その後改善が見られた。その他については概ね適正に運用されている。@は多くの個人情報を扱う課であるため、今後ともセキュリティ意識を高めた上で、情報インシデントを起こさないように業務に努められたい。",
    "デスクトップに個人情報貼り付けられていたり、パスワード管理、研修受講状況などにおいて一部問題が見受けられた。ヒアリング後改善は見受けられたが、日頃より注意が必要である。また、マイナンバー制度における情報連携について、オペレーティングミスによりインシデントとなりかける事案が発生したが、そもそもの事の重大さを認識していないように見受けられる。制度そのものの再認識や、更なる意識の向上を図る必要性があると感じられる。",
    "概ね適正に運用されている。ただし、ファイルサーバについては整理が必要。また、個人や団体とのメール等でのやりとりが多数行われる現状を踏まえ、メール送信時にはより一層の確認等を行い、セキュリティインシデントの発生を防ぐ対策を行うこと。",
    "概ね適正に運用されているが、一部職員について情報セキュリティ研修会への参加が確認できない。また、ファイルサーバについては整理が必要。なお、個人や団体とのメール等でのやりとりが多数行われる現状を踏まえ、メール送信時等にはより一層の確認等を行い、セキュリティインシデントの発生を防ぐ対策を行うこと。",
    "情報セキュリティインシデント発生のため、監査計画に基づくものではなく特別監査として行った。そのため、昨年度に引き続いて2年連続しての監査となったが、昨年度指摘した事項について改善が見られず、また新たな問題行動が発見されるなど、状況は悪化したように思われる。具体的には、デスクトップへの貼り付けや研修受講について、昨年度指摘事項であったにもかかわらず改善が見られていないことや、端末管理、他者のアカウント利用、システム対応手順書の不備など、情報セキュリティの意識が低いと言わざるを得ない。このままでは、再度情報セキュリティインシデントを発生しかねない状態であり、早急に改善を要する。",
    "@の仕事の性質上、市民の個人情報も多く扱っており、ひとたび情報セキュリティインシデントが発生すると、多くの影響を与えてしまう。情報セキュリティの重要性を再度認識し、常に意識を持ちつつ業務にあたるよう心がけること。",
};

typedef struct { const char *title, *text; } finding_src;
static const finding_src S_findings[] = {
    {"対応手順書の整備", "システムの対応手順について、現在固有職員任せとなっているため、対応手順書を整備すること。"},
    {"マイナンバー制度の再教育", "マイナンバー制度に関して、再度研修等を通じ理解を改めること。"},
    {"デスクトップへの貼り付け", "昨年度指摘事項であるが、その指摘同様の行為が今年も行われている。デスクトップへの貼り付けは、情報漏えいの危険や情報損失の危険などから禁止している行為である。危険性を再認識し、課員全員への周知徹底、また今後の防止策を示すこと"},
    {"研修受講", "こちらも昨年度指摘事項である。情報セキュリティにおいて、教育は最重要項目であり、各個人の情報セキュリティへの意識が低いと脆弱性となり得る。早急に改善を図ること。"},
    {"対応手順書の整備", "現状システムがサービス利用であるため、様々な要素（停電、回線切断、サーバ不具合等）でシステムが止まる可能性がある。そのような時でも業務を止めないことを念頭に、対応手順書を整備すること。"},
    {"ファイル整理", "全庁共通への保存ファイルについて、1課でほぼ容量を独占している状況であり、他課の利用に支障が出ている状況である。ファイルを削減するなど整理し、利用容量を減らすこと。"},
};

static const char *const S_advice[] = {
    "ファイルサーバ内のデータ整理に努められたい。",
    "パスワードの定期的な変更を徹底されたい。",
    "公務用USBメモリの保管方法について、課内で改めて確認されたい。",
};

static const char *const S_remarks[] = {
    "一部デスクトップに文書等を保存している課も見受けられたが、改善あり。",
    "一部保守体制等が明確になってない課も見受けられたが、改善あり。",
    "一部の課において障害対策手順が明確になってない。業務継続のためにも早急な整備を求める。",
    "特定個人情報の理解や、e-Learningの受講状況が悪いため、早急な受講を促す。",
};

typedef struct { const char *text, *detail; } nitem_src;
static const nitem_src S_n_human[] = {
    {"情報資産等の業務以外の目的での使用禁止", "職員等による業務以外の目的での情報資産の持ち出し、又は情報システムへのアクセス禁止"},
    {"私物パソコン等の持込制限", "職員等による私物のパソコン及び記録媒体の庁舎内への持込は行われていない。"},
    {"パソコンの取扱い", "離席時には、パソコンの第三者使用を防止するための適切な措置が講じられている。"},
    {"パソコンの取扱い", "デスクトップに文書等を保存していない。"},
    {"ID・パスワードの取扱い", "職員等のパスワードは当該本人以外に知られないように取扱われている。また、定期的にパスワードを変更している。"},
    {"イントラネットにおけるメール送信", "「to」、「cc」、「bcc」を正しく使い分けている。"},
    {"公務用USBメモリの取扱い", "公務用USBメモリの中にデータを保存していない。"},
    {"公務用USBメモリの取扱い", "公務用USBメモリは使用するとき以外は適正に保管されている"},
    {"セキュリティ研修への参加", "職員等が積極的にセキュリティ研修に参加している。"},
};
static const nitem_src S_n_physical[] = {
    {"機器の取付け", "サーバ、HUB等を取付ける際、埃、振動等の影響を可能な限り排除した場所に設置し、容易に取外せないように固定するなどの対策が講じられているか。"},
    {"通信ケーブル等の保護", "通信ケーブルや電源ケーブルの損傷を防止するための対策が講じられているか。"},
    {"机上のパソコンの取扱い", "退庁時におけるノートパソコンは施錠できる保管庫で管理を行っている。"},
    {"サーバの機器の定期保守", "サーバの機器の定期保守が実施されているか。"},
    {"サーバ障害対策の手順", "サーバに障害が発生した場合の対策手順が定められ、文書化されている。"},
};
static const nitem_src S_n_mynumber[] = {
    {"特定個人情報の取得について", "業務手順が定められているか。裏面を見ない等の対応が周知徹底されているか。"},
    {"特定個人情報の利用について", "職員を限定しているか。"},
    {"特定個人情報の保存について", "文書管理規定により正しい保存年限を設定しているか。"},
    {"特定個人情報の削除・廃棄について", "機密文書として適切に削除・廃棄しているか。"},
    {"特定個人情報の取扱い体制について", "届出を行い、取扱者や範囲を定めているか。持ち運ぶ際の措置を講じているか。"},
    {"特定個人情報の運用について", "指定範囲の外に持ち出していないか。"},
    {"情報漏えい事案に対する体制", "龍ヶ崎市情報セキュリティ事故等手順書により対応できるか。"},
    {"特定個人情報事務取扱担当の監督、教育", "所属長による取扱い確認が行われているか。"},
};
typedef struct { const char *id, *title; const nitem_src *items; size_t n; } nsec_src;
static const nsec_src S_nsecs[] = {
    {"human", "人的セキュリティ", S_n_human, COUNT(S_n_human)},
    {"physical", "物的セキュリティ", S_n_physical, COUNT(S_n_physical)},
    {"mynumber", "特定個人情報の適正な取扱い", S_n_mynumber, COUNT(S_n_mynumber)},
};

static const char *const S_m_human[] = {
    "情報資産等の業務以外の目的での使用禁止",
    "パソコンの取扱い（1）離席時におけるパソコンの第三者使用を防止措置",
    "パソコンの取扱い（2）デスクトップ上でのデータの保存禁止",
    "ID・パスワードの取扱い（他人に教えない、ログイン時に記憶させない、失念しない）",
    "イントラネットにおけるメール送信（「to」、「cc」、「bcc」の使い分け）",
    "公務用USBメモリの取扱い（1）データの保存禁止",
    "公務用USBメモリの取扱い（2）適正な保管（施錠管理）",
    "セキュリティ研修への参加（職員の情報セキュリティ研修への参加）",
};
static const char *const S_m_physical[] = {
    "ノートパソコン等の取扱い（1）水濡れによる故障の予防",
    "ノートパソコン等の取扱い（2）衝撃、圧迫等による故障の予防",
    "ノートパソコン等の取扱い（3）管理方法（施錠管理）",
    "サーバ機器等の取り扱い（1）定期的な点検の実施",
    "サーバ機器等の取り扱い（2）障害発生時の対応手順を定め、文書化",
    "周辺機器の取り扱い",
    "情報資産の管理について",
};
static const char *const S_m_mynumber[] = {
    "特定個人情報の取得について（取得手順が定められているか。裏面を見ない等の対応が周知徹底されているか。）",
    "特定個人情報の利用について（利用職員が限定されているか。）",
    "特定個人情報の保存・削除・廃棄について（文書管理規定により正しい保存年限を設定しているか。また、機密文書として適切に削除・廃棄しているか。）",
    "特定個人情報の取扱い体制について（届出を行い、取扱者や範囲を定めているか。持ち運ぶ際の措置を講じているか。）",
    "特定個人情報の運用について（指定範囲の外に持ち出していないか。）",
    "情報漏えい事案に対する体制（龍ヶ崎市情報セキュリティ事故等手順書により対応できるか。）",
    "特定個人情報事務取扱担当の監督、教育（所属長による取扱い確認が行われているか。職員に対して研修等により教育を行っているか。）",
};
static const char *const S_m_kikan[] = {
    "基幹系ファイルサーバ内のデータは、原則、文書管理に準じて分類している。",
    "職員の個人名等のフォルダにデータを保管していない。",
    "使用しなくなったデータは適宜消去している。",
    "マイナンバーなど重要な電子データが含まれるファイルには、パスワードをかけて保存している。",
    "基幹系システム（総合福祉システム、健康管理システム含む）の端末のデスクトップに電子データを貼り付けしていない。",
    "原則、基幹系システムのデータ以外は、基幹系ファイルサーバに保管しない。",
};
typedef struct { const char *id, *numeral, *title; const char *const *items; size_t n; } msec_src;
static const msec_src S_msecs[] = {
    {"human", "Ⅰ", "人的セキュリティに関して", S_m_human, COUNT(S_m_human)},
    {"physical", "Ⅱ", "物的セキュリティに関して", S_m_physical, COUNT(S_m_physical)},
    {"mynumber", "Ⅲ", "特定個人情報の適切な取扱いに関して", S_m_mynumber, COUNT(S_m_mynumber)},
    {"kikan-data", "Ⅳ", "住民情報基幹系ファイルサーバ内の電子データ等の適正な取扱いに関して",
     S_m_kikan, COUNT(S_m_kikan)},
};
#define NOTE_SECTION 2 /* Ⅲ has the note row, as in the sample */
static const char *const S_note_cells[] = {
    "関係事務のみ", "税務", "収納", "児童手当 児童扶養手当 母子保健 （給付金）", "ふるさと納税",
    "保育 子ども・子育て", "関係事務のみ",
};

/* ---- output ------------------------------------------------------------ */
static FILE *S_out;

static void out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(S_out, fmt, ap);
    va_end(ap);
}

/* Text with & < > escaped and '@' replaced by name (if given). */
static void out_text(const char *s, const char *name)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", S_out); break;
        case '<': fputs("&lt;", S_out); break;
        case '>': fputs("&gt;", S_out); break;
        case '@':
            if (name) {
                out_text(name, NULL);
                break;
            }
            /* fall through */
        default: fputc(*s, S_out);
        }
    }
}

/* Japanese numeral 2..99 (二, 十, 十一, 二十三 …) for repeated department names. */
static void kanji_number(unsigned v, char *buf, size_t cap)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    unsigned tens = v / 10, ones = v % 10;
    snprintf(buf, cap, "%s%s%s", tens > 1 ? d[tens] : "", tens ? "十" : "", d[ones]);
}

enum { MK_OK, MK_IMPROVED, MK_BAD, MK_NA };
static const char *const S_mark_utf8[] = {"○", "△", "×", "-"};
static const char *const S_mark_ascii[] = {"o", "^", "x", "-"};

typedef struct {
    char name[128], shortname[64];
    int n_findings;
} dept;

static size_t N, M;
static dept *S_d;

/* One marks row: na[j] = department j has nothing to check in this section. */
static void gen_marks(unsigned char *row, const unsigned char *na)
{
    for (size_t j = 0; j < N; j++) {
        if (na[j] && rnd_unit() < 0.9)
            row[j] = MK_NA;
        else if (S_d[j].n_findings && rnd_unit() < 0.1)
            row[j] = MK_BAD;
        else
            row[j] = rnd_unit() < 0.9 ? MK_OK : MK_IMPROVED;
    }
}

static void out_marks(const unsigned char *row, size_t i)
{
    const char *const *tab = i % 4 == 3 ? S_mark_ascii : S_mark_utf8;
    out("        <marks>");
    for (size_t j = 0; j < N; j++)
        out("%s%s", j ? " " : "", tab[row[j]]);
    out("</marks>\n");
}

static void out_para_block(const char *tag, const char *const *paras, size_t n, const char *ind)
{
    out("%s<%s>\n", ind, tag);
    for (size_t i = 0; i < n; i++) {
        out("%s  <p>", ind);
        out_text(paras[i], NULL);
        out("</p>\n");
    }
    out("%s</%s>\n", ind, tag);
}

static void out_item_text(const char *text, size_t i, size_t pool)
{
    out("        <text>");
    out_text(text, NULL);
    if (i >= pool)
        out("（補%zu）", i / pool);
    out("</text>\n");
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fputs("gen_audit: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fputs("usage: gen_audit N M [OUT.xml]\n"
              "  N departments (1-999), M items per checklist section (1-999)\n", stderr);
        return 2;
    }
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end || n < 1 || n > 999) {
        fprintf(stderr, "gen_audit: N must be 1-999: %s\n", argv[1]);
        return 2;
    }
    long m = strtol(argv[2], &end, 10);
    if (*end || m < 1 || m > 999) {
        fprintf(stderr, "gen_audit: M must be 1-999: %s\n", argv[2]);
        return 2;
    }
    N = (size_t)n;
    M = (size_t)m;
    S_out = stdout;
    if (argc == 4 && !(S_out = fopen(argv[3], "w"))) {
        perror(argv[3]);
        return 1;
    }
    S_rng = 0x61756469746f63ull ^ ((uint64_t)N << 32) ^ (uint64_t)M;

    /* departments: the sample's seven first, then more; repeats as 第二… */
    S_d = xcalloc(N, sizeof *S_d);
    for (size_t k = 0; k < N; k++) {
        const dept_src *src = &S_depts[k % COUNT(S_depts)];
        unsigned round = (unsigned)(k / COUNT(S_depts));
        if (round == 0) {
            snprintf(S_d[k].name, sizeof S_d[k].name, "%s", src->name);
            snprintf(S_d[k].shortname, sizeof S_d[k].shortname, "%s", src->shortname);
        } else {
            char num[32];
            kanji_number(round + 1, num, sizeof num);
            size_t len = strlen(src->name);
            const char *ka = "課"; /* 税務課 -> 税務第二課; 議会事務局 -> 第二議会事務局 */
            if (len >= strlen(ka) && strcmp(src->name + len - strlen(ka), ka) == 0)
                snprintf(S_d[k].name, sizeof S_d[k].name, "%.*s第%s課",
                         (int)(len - strlen(ka)), src->name, num);
            else
                snprintf(S_d[k].name, sizeof S_d[k].name, "第%s%s", num, src->name);
            snprintf(S_d[k].shortname, sizeof S_d[k].shortname, "%s%u", src->shortname, round + 1);
        }
        S_d[k].n_findings = 0;
        if (rnd_unit() < 0.3) {
            static const int choice[] = {1, 1, 2, 3};
            S_d[k].n_findings = choice[rnd_below(COUNT(choice))];
        }
    }

    /* all marks first, so that every department with findings gets a × */
    size_t n_nrows = COUNT(S_nsecs) * M, n_mrows = COUNT(S_msecs) * M;
    unsigned char *nmarks = xcalloc(n_nrows * N, 1), *mmarks = xcalloc(n_mrows * N, 1);
    unsigned char *na = xcalloc(N, 1);
    for (size_t s = 0; s < COUNT(S_nsecs); s++) {
        for (size_t j = 0; j < N; j++)
            na[j] = rnd_unit() < 0.1;
        for (size_t i = 0; i < M; i++)
            gen_marks(nmarks + (s * M + i) * N, na);
    }
    for (size_t s = 0; s < COUNT(S_msecs); s++) {
        for (size_t j = 0; j < N; j++)
            na[j] = rnd_unit() < 0.2;
        for (size_t i = 0; i < M; i++)
            gen_marks(mmarks + (s * M + i) * N, na);
    }
    for (size_t j = 0; j < N; j++) {
        if (!S_d[j].n_findings)
            continue;
        int has_x = 0;
        for (size_t r = 0; r < n_nrows && !has_x; r++)
            has_x = nmarks[r * N + j] == MK_BAD;
        for (size_t r = 0; r < n_mrows && !has_x; r++)
            has_x = mmarks[r * N + j] == MK_BAD;
        if (!has_x)
            mmarks[rnd_below(n_mrows) * N + j] = MK_BAD;
    }

    out("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- generated by tests/bench/gen_audit %zu %zu: %zu departments, %zu items per "
        "checklist section -->\n"
        "<audit version=\"1\" fiscal-year=\"2025\" term=\"first-half\">\n\n", N, M, N, M);
    out("  <organization>\n"
        "    <name>龍ヶ崎市</name>\n"
        "    <committee>龍ヶ崎市情報セキュリティ委員会</committee>\n"
        "    <secretariat>デジタル都市推進課</secretariat>\n"
        "  </organization>\n\n"
        "  <meeting number=\"2\" date=\"2025-10-15\" place=\"庁議室\">\n"
        "    <time>情報化推進委員会終了後</time>\n"
        "    <agenda>\n"
        "      <item ref=\"report\">令和7年度上半期情報セキュリティ内部監査の結果について</item>\n"
        "      <item ref=\"free-mail\">フリーメールの使用について</item>\n"
        "      <item>その他</item>\n"
        "    </agenda>\n"
        "  </meeting>\n\n");

    out("  <departments>\n");
    for (size_t k = 0; k < N; k++) {
        out("    <department id=\"d%03zu\" short=\"", k + 1);
        out_text(S_d[k].shortname, NULL);
        out("\"%s>", k % 20 == 6 ? " audit=\"special\"" : "");
        out_text(S_d[k].name, NULL);
        out("</department>\n");
    }
    out("  </departments>\n\n"
        "  <systems>\n"
        "    <system id=\"intranet\">地域イントラネット系システム</system>\n"
        "    <system id=\"kikan\">住民情報基幹系システム</system>\n"
        "    <system id=\"other\">その他各課等で使用しているシステム</system>\n"
        "  </systems>\n\n");

    /* the audit report */
    static const char *const purpose[] = {
        "情報セキュリティ内部監査は、龍ヶ崎市情報セキュリティ内部監査実施規程（以下「監査規程」という。）第11条の規定に基づき情報セキュリティを維持・管理する仕組みが組織において適切に整備・運用されているかを点検し、評価するものです。",
        "人的セキュリティ、物理的セキュリティ、情報セキュリティ研修受講状況、情報資産の管理、特定個人情報の取扱い、住民情報基幹系システムにおける電子データの保管等に関し、龍ヶ崎市情報セキュリティ規則及び龍ヶ崎市情報セキュリティ対策に関する規程等に基づき、適切に実施されているかを点検・評価し、課題については、システムの運用状況などを考慮しながら、個別に原因を究明した後に改善内容等を被監査部門に提示及び当該措置の実施により、情報資産、情報システム等の適切な運用を図ることを目的としております。",
    };
    static const char *const summary[] = {
        "本市の情報セキュリティ対策に関しては、龍ヶ崎市情報セキュリティ規則及び龍ヶ崎市情報セキュリティ対策に関する規程からなる龍ヶ崎市情報セキュリティポリシーを基に、デジタル都市推進課が事務局となって定期的な研修を行い、また、e-Learning の受講によりセキュリティ対策に関しての意識高揚を図っている。",
        "今回の内部監査においては、対象課において提出のあった各種チェックシート等の確認に加えて、対象課職員に対するヒアリングも行うこととし、情報セキュリティ対策が適切に行われているか確認を行った。また、特定個人情報を取り扱っている課においては、「特定個人情報の適正な取扱いに係るチェックリスト」により、特定個人情報の取扱い状況等も確認したところであり、より適正な取扱いに資するものであると考えられる。特定個人情報の適正な取扱いについて引き続きガイドライン等に基づき適正な取扱いに努めたい。",
        "監査の結果としては、デスクトップへの ID・パスワードファイルの貼付け、USBメモリへのパスワードの貼付けが見受けられる課があり、それらについては情報セキュリティ事故につながる可能性が高く、直ちに是正を指示した。また、今年度特別監査として行った課において、昨年度の指摘事項について再度の指摘事項となったことなど、課としての意識が低いと言わざるを得ない。更なる情報セキュリティインシデントを発生させないためにも、早急な改善を要する。",
        "そのほか、直近でリスクが顕在化する可能性が高いものは確認されなかったが、指摘事項には至らないまでも、改善が望ましい事項が確認され、その事項において指導を行い、それらも直ちに是正を行わせた。それらの事項については、龍ヶ崎市情報セキュリティポリシー等に則り、課内全職員で取り組む必要がある。",
    };
    out("  <report id=\"report\" date=\"2025-10-16\">\n"
        "    <title>令和7年度（上半期）情報セキュリティ内部監査実施報告書</title>\n");
    out_para_block("purpose", purpose, COUNT(purpose), "    ");
    out("    <target-systems>住民情報基幹系システム、イントラネット系システム、各課等が管理及び所有しているシステム</target-systems>\n"
        "    <audit-date>2025-09-02</audit-date>\n"
        "    <auditors>\n"
        "      <role title=\"監査実施責任者\">デジタル都市推進課長（監査規程第3条第2項）</role>\n"
        "      <role title=\"監査担当部門\">デジタル都市推進課（監査規程第3条第1項）</role>\n"
        "    </auditors>\n"
        "    <criteria>\n"
        "      <group>\n"
        "        <rule>龍ヶ崎市情報セキュリティ規則・龍ヶ崎市コンピュータ等運用管理規程</rule>\n"
        "        <rule>龍ヶ崎市セキュリティ対策に関する規程・龍ヶ崎市電子文書取扱規程</rule>\n"
        "        <rule>龍ヶ崎市個人情報の保護に関する法律施行条例</rule>\n"
        "        <rule>龍ヶ崎市行政手続における特定の個人を識別するための番号の利用等に関する法律に基づく個人番号の利用及び特定個人情報の提供に関する条例</rule>\n"
        "      </group>\n"
        "      <group>\n"
        "        <rule>地方公共団体における情報セキュリティに関する監査ガイドライン（総務省）</rule>\n"
        "        <rule>特定個人情報の適正な取扱いに関するガイドライン（行政機関等編）</rule>\n"
        "      </group>\n"
        "    </criteria>\n");
    out_para_block("summary", summary, COUNT(summary), "    ");
    out("  </report>\n\n");

    /* narrative checklist */
    out("  <checklist id=\"detail\" layout=\"narrative\" title=\"課別監査結果\">\n");
    for (size_t s = 0; s < COUNT(S_nsecs); s++) {
        const nsec_src *sec = &S_nsecs[s];
        out("    <section id=\"%s\" title=\"%s\">\n", sec->id, sec->title);
        for (size_t i = 0; i < M; i++) {
            const unsigned char *row = nmarks + (s * M + i) * N;
            const nitem_src *it = &sec->items[i % sec->n];
            out("      <item no=\"%zu\">\n", i + 1);
            out_item_text(it->text, i, sec->n);
            out("        <detail>");
            out_text(it->detail, NULL);
            out("</detail>\n");
            out_marks(row, i);
            int flagged = 0;
            for (size_t j = 0; j < N && !flagged; j++)
                flagged = row[j] == MK_BAD || row[j] == MK_IMPROVED;
            if (flagged || rnd_unit() < 0.1) {
                out("        <remark>");
                out_text(S_remarks[rnd_below(COUNT(S_remarks))], NULL);
                out("</remark>\n");
            }
            out("      </item>\n");
        }
        out("    </section>\n");
    }
    out("  </checklist>\n\n");

    /* matrix checklist */
    out("  <checklist id=\"summary\" layout=\"matrix\" "
        "title=\"令和7年度（上半期）情報セキュリティ内部監査結果一覧\">\n");
    for (size_t s = 0; s < COUNT(S_msecs); s++) {
        const msec_src *sec = &S_msecs[s];
        out("    <section id=\"%s\" numeral=\"%s\" title=\"%s\">\n", sec->id, sec->numeral,
            sec->title);
        for (size_t i = 0; i < M; i++) {
            out("      <item no=\"%zu\">\n", i + 1);
            out_item_text(sec->items[i % sec->n], i, sec->n);
            out_marks(mmarks + (s * M + i) * N, i);
            out("      </item>\n");
        }
        if (s == NOTE_SECTION) {
            out("      <note-row title=\"備考（特定個人情報の取扱い）\">\n");
            for (size_t j = 0; j < N; j++) {
                out("        <cell>");
                out_text(S_note_cells[rnd_below(COUNT(S_note_cells))], NULL);
                out("</cell>\n");
            }
            out("      </note-row>\n");
        }
        out("    </section>\n");
    }
    out("  </checklist>\n\n");

    /* department reports */
    out("  <department-reports date=\"2025-10-16\">\n"
        "    <defaults>\n"
        "      <purpose>各課等において、情報セキュリティを維持・管理する仕組みが適切に運用されているかを点検し、情報セキュリティ事故等の未然防止に資するとともに市が管理する情報資産の保護に努める。</purpose>\n"
        "      <scope><system ref=\"intranet\"/><system ref=\"kikan\"/><system ref=\"other\"/></scope>\n"
        "      <methods>\n"
        "        <method>監査項目（書類）の確認</method>\n"
        "        <method>遠隔操作によるシステム等の管理状況の確認\n"
        "          <sub>ログ（端末の操作記録）の確認等</sub>\n"
        "          <sub>デスクトップ上のデータ確認</sub>\n"
        "        </method>\n"
        "        <method>職員へのヒアリング</method>\n"
        "      </methods>\n"
        "      <schedule>2025-09-02</schedule>\n"
        "      <topics etc=\"true\">\n"
        "        <topic>人的セキュリティに関する管理状況</topic>\n"
        "        <topic>物理的セキュリティに関する管理状況</topic>\n"
        "        <topic>情報セキュリティ研修受講記録状況</topic>\n"
        "        <topic>情報資産管理状況</topic>\n"
        "        <topic>特定個人情報の適正な取扱い状況等</topic>\n"
        "        <topic>基幹系システムにおけるデータの管理状況</topic>\n"
        "      </topics>\n"
        "      <standards etc=\"true\">\n"
        "        <standard>龍ヶ崎市セキュリティ規則</standard>\n"
        "        <standard>龍ヶ崎市セキュリティ対策に関する規程</standard>\n"
        "        <standard>龍ヶ崎市コンピュータ等運用管理規程</standard>\n"
        "        <standard>龍ヶ崎市電子文書取扱規程</standard>\n"
        "        <standard>龍ヶ崎市個人情報の保護に関する法律施行条例</standard>\n"
        "      </standards>\n"
        "    </defaults>\n");
    for (size_t j = 0; j < N; j++) {
        out("    <department-report dept=\"d%03zu\">\n", j + 1);
        if (j % 5 == 4)
            out("      <scope><system ref=\"intranet\"/><system ref=\"other\"/></scope>\n");
        if (j % 3 == 2)
            out("      <schedule>2025-09-03</schedule>\n");
        /* 1-3 distinct paragraphs */
        static const size_t npar[] = {1, 1, 2, 3};
        size_t np = npar[rnd_below(COUNT(npar))], first = rnd_below(COUNT(S_summaries));
        out("      <summary>\n");
        for (size_t p = 0; p < np; p++) {
            out("        <p>");
            out_text(S_summaries[(first + p * 3) % COUNT(S_summaries)], S_d[j].name);
            out("</p>\n");
        }
        out("      </summary>\n");
        if (S_d[j].n_findings) {
            size_t f0 = rnd_below(COUNT(S_findings));
            out("      <findings>\n");
            for (int f = 0; f < S_d[j].n_findings; f++) {
                const finding_src *fs = &S_findings[(f0 + (size_t)f * 2) % COUNT(S_findings)];
                out("        <finding title=\"%s\"%s>", fs->title,
                    rnd_unit() < 0.2 ? " repeat=\"true\"" : "");
                out_text(fs->text, NULL);
                out("</finding>\n");
            }
            out("      </findings>\n");
        } else {
            out("      <findings/>\n");
            if (rnd_unit() < 0.5) {
                out("      <advice>");
                out_text(S_advice[rnd_below(COUNT(S_advice))], NULL);
                out("</advice>\n");
            }
        }
        out("    </department-report>\n");
    }
    out("  </department-reports>\n\n");

    /* the agenda document, as in the sample */
    out("  <agenda-document id=\"free-mail\" title=\"フリーメールの使用について\">\n"
        "    <p>●R7 上半期情報セキュリティ監査において、保健福祉棟の課（こども家庭センター、保育課）にて、独自の Google アカウントを利用している履歴を発見<br/>→保健福祉棟内のスケジュール管理・共有のために管財課から共有された Google アカウントを用いて、Google ドライブ上にて情報共有している</p>\n"
        "    <h>※問題点</h>\n"
        "    <ul>\n"
        "      <li>龍ヶ崎市情報セキュリティ対策に関する規程において、業務で使用するメールアドレスはデジタル都市推進課が配付するアカウントのみで、個人やフリーアドレスを使用することは禁止している</li>\n"
        "      <li>一つの Google アカウントを複数課で共有しているものであり、情報漏えい、改ざん等の恐れがある</li>\n"
        "    </ul>\n"
        "    <h>※使用理由</h>\n"
        "    <ul>\n"
        "      <li>保健福祉棟で行われるイベント時に参加人数によって駐車場の空きがなくなるなどの恐れから、スケジュール共有・調整を Google ドライブやカレンダーで行っている</li>\n"
        "      <li>個人情報や機密情報等は取り扱っていない</li>\n"
        "    </ul>\n"
        "    <h>●今後の対応案について</h>\n"
        "    <ul>\n"
        "      <li>他組織（社協、RINK 等）もあるため、イントラでは出来ない</li>\n"
        "      <li>現状運用（Google アカウント一つを全団体で共有している）は問題あり</li>\n"
        "    </ul>\n"
        "    <p>（至急）</p>\n"
        "    <ul>\n"
        "      <li>現在の Google アカウントのパスワードを変更し、共有するのも各課の課長及び総括補佐のみとする</li>\n"
        "    </ul>\n"
        "  </agenda-document>\n"
        "</audit>\n");

    free(na);
    free(nmarks);
    free(mmarks);
    free(S_d);
    if (fflush(S_out) != 0 || ferror(S_out) || (S_out != stdout && fclose(S_out) != 0)) {
        perror(argc == 4 ? argv[3] : "stdout");
        return 1;
    }
    return 0;
}
