/* draw.h: drawing a laid-out page into a caller's cairo context. */
#ifndef KF_DRAW_H
#define KF_DRAW_H

#include "keyfig.h"

#include <cairo.h>

/* Draws page `page` of `layout` with one user-space unit per point; the
 * caller owns `cr` and its surface and sets any scale first.  Returns
 * KF_ERR_OUTPUT when cairo reports an error. */
kf_status kf_draw_page(cairo_t *cr, const kf_layout *layout, size_t page);

#endif
