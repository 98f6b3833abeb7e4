/*
 * build.h: kf_build_outputs with a stop flag, for batches.  Internal to
 * libkeyfig; not part of the public API.
 */
#ifndef KF_BUILD_H
#define KF_BUILD_H

#include "keyfig.h"

#include <stdatomic.h>

/* kf_build_outputs, checking `stop` (NULL: never) before each file: once
 * it is non-zero no further file is begun, *stopped (when not NULL) is
 * set, and KF_OK is returned if what was written went well.  The files
 * of a set replace those of their names only once every one is written:
 * a set stopped or failing is not written at all, and an earlier one
 * stays whole. */
kf_status kf_build_outputs_until(const kf_report *report,
                                 const kf_layout *layout, const char *dir,
                                 const char *stem, unsigned formats,
                                 double dpi, const atomic_int *stop,
                                 bool *stopped, kf_diags *diags);

#endif
