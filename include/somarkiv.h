/*
 * somarkiv: a records-management engine for the social-media accounts of
 * Swedish public bodies. This umbrella header is the whole public contract;
 * each part lives in include/somarkiv/<module>.h.
 *
 * Conventions: every fallible function returns 0 or a negative SOM_E*
 * code, with the message in som_error_last(); `**out` parameters belong to
 * the caller and are freed with the matching som_*_free(); _free(NULL) is a
 * no-op.
 */
#ifndef SOMARKIV_H
#define SOMARKIV_H

#include "somarkiv/common.h"
#include "somarkiv/buf.h"
#include "somarkiv/store.h"
#include "somarkiv/audit.h"
#include "somarkiv/account.h"
#include "somarkiv/ingest.h"
#include "somarkiv/item.h"
#include "somarkiv/plan.h"
#include "somarkiv/classify.h"
#include "somarkiv/registry.h"
#include "somarkiv/search.h"
#include "somarkiv/export.h"
#include "somarkiv/snapshot.h"
#include "somarkiv/retention.h"
#include "somarkiv/schedule.h"
#include "somarkiv/user.h"
#include "somarkiv/sv.h"
#include "somarkiv/fetch.h"

#endif
