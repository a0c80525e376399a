/* compose_round.c — what a round built on other rounds adds to the document
 * trees: the draft marks (「（案）」 after every document title and in the
 * title both backends put in the metadata) and the comparison with the last
 * round as an appendix table of the packet (layout.txt packet.comparison). */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "compose_int.h"
#include "rounds.h"
#include "util.h"

/* Wording that older templates folders (archived ones among them) may lack. */
static const char *S_w_or(const ad_templates *t, const char *key, const char *dflt)
{
    const char *v = ad_w(t, key);
    return v && strcmp(v, key) != 0 ? v : dflt;
}

void ad_compose_draft_marks(ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    if (!d || !a || !a->draft)
        return;
    const char *mark = S_w_or(t, "draft.mark", "（案）");
    char *title = ad_xasprintf("%s%s", d->title ? d->title : "", mark);
    free(d->title);
    d->title = ad_xml_clean(title);
    free(title);
    for (size_t s = 0; s < d->n_sections; s++) {
        ad_nodes *body = &d->sections[s].body;
        for (size_t i = 0; i < body->n; i++) {
            ad_node *n = body->v[i];
            if (n->kind == AD_NODE_PARA && n->style == AD_PS_TITLE && n->n_runs)
                ad_para_add_run(n, mark, n->runs[n->n_runs - 1].flags);
        }
    }
}
