/* alt.h: the text alternative of a chart, for readers who do not see it. */
#ifndef KF_ALT_H
#define KF_ALT_H

#include "keyfig.h"

/* Each writes the text alternative of chart block `blk` of `report` from
 * its data, in the edition's language and number formats: its title, then
 * every value with its label ("Temps de trajet… : Gare TGV de Massy 6 min,
 * Aéroport d'Orly 13 min").  Returns a malloc'ed UTF-8 string the caller
 * frees, or NULL when out of memory.  One function per chart kind: the
 * alt_text of its entry in chart_kind.c. */
char *kf_alt_bar(const kf_report *report, const kf_block *blk);     /* bar, hbar */
char *kf_alt_donut(const kf_report *report, const kf_block *blk);
char *kf_alt_line(const kf_report *report, const kf_block *blk);
char *kf_alt_stacked(const kf_report *report, const kf_block *blk);
char *kf_alt_shares(const kf_report *report, const kf_block *blk);  /* waffle, progress */

/* The chart's `alt:` when the report gives one, else the alt_text of its
 * kind in the table of chart kinds (chart_kind.c).  Same contract. */
char *kf_alt_chart(const kf_report *report, const kf_block *blk);

#endif
