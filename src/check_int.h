/*
 * check_int.h: the checks a careful editor makes once a report has loaded
 * without errors: provenance, freshness and consistency (check.c).
 * Internal to libkeyfig.
 */
#ifndef KF_CHECK_INT_H
#define KF_CHECK_INT_H

#include "keyfig.h"

/* Checks a report that loaded without errors and adds a warning, located
 * at the figure or block concerned, for each figure without a source, each
 * figure older than report->max_age at the report's date (and sets its
 * `stale`), and each inconsistency (docs/format.md, "Checks").  Only
 * warnings: the report stays usable.  The messages never quote a text
 * that depends on the edition, so the editions of one file give the same
 * warnings, which kf_diag_add then says once. */
void kf_check_report(kf_report *report, kf_diags *diags);

/* The date a figure refers to: its `as_of`, else the date of its source
 * `source` (-1: none), else year 0. */
kf_date kf_figure_date(const kf_report *report, kf_date as_of, int source);

/* The footnote that explains the stale marker, in the edition's language:
 * "† chiffre de plus de 18 mois", "† figure older than 18 months".  Writes
 * "" when the report has no max_age. */
void kf_stale_note(const kf_report *report, char *buf, size_t size);

/* Does the page block show a figure the pages mark as stale (a stale
 * figure, with report.stale: mark)?  Text blocks never do. */
bool kf_block_stale(const kf_report *report, const kf_block *block);

/* The marker put after the label or title of a stale figure: U+2020. */
#define KF_STALE_MARK "\xe2\x80\xa0"

#endif /* KF_CHECK_INT_H */
