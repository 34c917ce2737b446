/* sp-file-send.h: a file's bytes sent through an endpoint, as one
 * sendall() or in chunks of a chosen size (each chunk its own sendall(),
 * so its own group of send rows). The file is read with GIO's async reads
 * in bounded pieces; in chunks, reading waits while the socket is behind,
 * so memory stays bounded whatever the file's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

/* One sendall() of the whole file keeps it in memory, as Python's
 * sock.sendall(f.read()) does: up to this size. Chunks have no limit. */
#define SP_FILE_SEND_MAX_WHOLE ((guint64) 256 * 1024 * 1024)
#define SP_FILE_SEND_MAX_CHUNK (16 * 1024 * 1024)
/* The largest UDP payload (IPv4): a datagram is one chunk at most. */
#define SP_FILE_SEND_MAX_DATAGRAM 65507

#define SP_TYPE_FILE_SEND (sp_file_send_get_type ())
G_DECLARE_FINAL_TYPE (SpFileSend, sp_file_send, SP, FILE_SEND, GObject)

/* @chunk_size: 0 for one sendall() of the whole file. @target: NULL for
 * every connection / peer open when it starts. */
SpFileSend  *sp_file_send_new               (SpEndpoint    *endpoint,
                                             GFile         *file,
                                             SpConnection  *target,
                                             gsize          chunk_size);
/* FALSE at once, with the reason, when there is no one to send to or the
 * chunk size does not fit; otherwise the file is opened and sent in the
 * main loop, and "running" goes FALSE when it is done, failed (see the
 * error message: a missing file, a folder, no permission...) or stopped.
 * The job keeps itself alive while it runs. */
gboolean     sp_file_send_start             (SpFileSend    *self,
                                             GError       **error);
/* Stops reading and takes back what the kernel has not taken yet (a chunk
 * the kernel took part of ends there); logs how far it got. With framing
 * on, the messages already handed on are the framing's copies and still go
 * out (the bounded backlog, about 1 MiB, or the whole file's one frame);
 * the log says how many bytes that is. */
void         sp_file_send_stop              (SpFileSend    *self);
gboolean     sp_file_send_get_running       (SpFileSend    *self);
/* The file's size (0 until it is known) and the bytes the kernel took so
 * far (with several targets, the one furthest behind). */
guint64      sp_file_send_get_total         (SpFileSend    *self);
guint64      sp_file_send_get_sent          (SpFileSend    *self);
/* "report.pdf", for the user. */
const char  *sp_file_send_get_name          (SpFileSend    *self);
/* Why it failed, or NULL. */
const char  *sp_file_send_get_error_message (SpFileSend    *self);
/* FALSE with a specific message if @chunk_size does not fit @endpoint
 * (above SP_FILE_SEND_MAX_CHUNK, or a datagram too big for UDP). */
gboolean     sp_file_send_check_chunk       (SpEndpoint    *endpoint,
                                             gsize          chunk_size,
                                             GError       **error);

G_END_DECLS
