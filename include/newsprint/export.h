/* newsprint — marks the public API.  The library is compiled with
 * -fvisibility=hidden; only declarations marked NP_EXPORT stay global in
 * libnewsprint.a (the Makefile localises every hidden symbol). */
#ifndef NEWSPRINT_EXPORT_H
#define NEWSPRINT_EXPORT_H

#if defined(__GNUC__)
#define NP_EXPORT __attribute__((visibility("default")))
/* A status the caller must look at. */
#define NP_NODISCARD __attribute__((warn_unused_result))
#else
#define NP_EXPORT
#define NP_NODISCARD
#endif

#endif
