/*
 * lay_out.h: kf_layout_new as the unit tests call it.
 */
#ifndef KF_TEST_LAY_OUT_H
#define KF_TEST_LAY_OUT_H

#include "keyfig.h"

#include <stdio.h>
#include <stdlib.h>

/* kf_layout_new as most tests want it: the layout, or NULL when the call
 * failed, its status then agreeing (never a layout with a failure). */
static inline kf_layout *
lay_out(const kf_report *r, kf_diags *diags)
{
    kf_layout *l = (kf_layout *)1;
    kf_status st = kf_layout_new(r, diags, &l);
    if ((st == KF_OK) != (l != NULL)) {
        fprintf(stderr, "kf_layout_new: status %d with layout %p\n", st,
                (void *)l);
        abort();
    }
    return l;
}

#endif
