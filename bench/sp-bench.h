/* sp-bench.h: what the modes of sp-bench share (see sp-bench.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SP_BENCH_FNV_INIT G_GUINT64_CONSTANT (14695981039346656037)

double   sp_bench_now_s          (void);
/* Deterministic, incompressible-looking bytes (xorshift64*). */
void     sp_bench_fill_random    (guint8       *data,
                                  gsize         size,
                                  guint64       seed);
guint64  sp_bench_fnv1a          (guint64       hash,
                                  const guint8 *data,
                                  gsize         size);
/* "256M", "64K", "1G" or plain bytes. */
gsize    sp_bench_parse_size     (const char   *text);

/* Blocking IPv4 loopback sockets for the plain baselines. */
int      sp_bench_listen_loopback  (guint16    *port);
int      sp_bench_connect_loopback (guint16     port);

/* This process: resident memory, minor page faults so far (every thread),
 * CPU time (user + system, every thread). */
gsize    sp_bench_rss_bytes      (void);
glong    sp_bench_minor_faults   (void);
double   sp_bench_cpu_s          (void);

/* The modes, each in its own file; argv[0] is the mode's name. */
int      sp_bench_engine_main    (int    argc,
                                  char **argv);
int      sp_bench_pages_main     (int    argc,
                                  char **argv);
int      sp_bench_framing_main   (int    argc,
                                  char **argv);
int      sp_bench_serve_main     (int    argc,
                                  char **argv);

G_END_DECLS
