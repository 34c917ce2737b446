/* sp-sequence-view-private.h: SpSequenceView's insides, shared by
 *
 *   sp-sequence-view.c       the rows' labels and arrows, drawing, scrolling
 *   sp-sequence-view-rows.c  the rows, read from the logs as they grow
 *   sp-sequence-view-draw.c  lines, arrows and labels placed clear of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-scroll-state.h"
#include "sp-sequence-view.h"

G_BEGIN_DECLS

/* How long one slice of reading the logs may take, besides its count
 * (SP_SEQUENCE_VIEW_READ_SLICE): the diagram reads between frames, a frame
 * at 60 Hz has 16.7 ms for everything (the event lists, the lessons, the
 * drawing), and a flood must never cost a visible one. A slower machine
 * reads fewer events per slice and the diagram catches up over more
 * frames, never in one long gap. */
#define SP_SEQUENCE_VIEW_SLICE_TIME_US 3000
/* The clock is read every so many events: often enough that a slice ends
 * close to its time, rarely enough to cost nothing. Every slice reads at
 * least this many (while there are), so the diagram always moves on. */
#define SP_SEQUENCE_VIEW_CLOCK_EVERY   32

/* A lifeline's least width. */
#define SP_SEQUENCE_VIEW_MIN_COLUMN    150.0

/* A row keeps its event's record in the pane's log, not an object (a
 * flood makes millions): records stay where they are until the log is
 * cleared, and then the rows go at once (see events_changed_cb()). */
typedef struct {
  SpEndpoint          *endpoint;     /* the row's event's pane */
  const SpEventRecord *record;
  guint                position;     /* the record's in the log: the event a click shows */
  guint                column;
  int                  target;       /* column an arrow goes to, -1 for none */
  int                  target_row;   /* row it ends at */
  char                *label;        /* data rows: made when first drawn or asked for */
  guint                dashed : 1;
  guint                relay_label : 1;  /* written by the relay's lanes: kept */
  guint                end_passed : 1;   /* a send whose bytes a recv() before it read: no arrow will come */
  int                  incoming : 2;     /* an arrow ends here: 1 from a later row, -1 from an earlier one */
} Row;

struct _SpSequenceView
{
  GtkWidget            parent_instance;

  SpScrollState        scroll;

  GPtrArray           *endpoints;   /* SpEndpoint, one column each */
  GPtrArray           *titles;
  GArray              *encodings;   /* SpTextEncoding, one per column: the panes' */
  GArray              *rows;        /* of Row */
  GArray              *n_read;      /* guint per column: events read from its log */
  GHashTable          *index;       /* rows that arrows end on, see index_add() */
  GArray              *pending;     /* guint: rows whose arrow's end is still to come */
  guint                n_arrows;
  gboolean             reset;       /* a log was cleared: read every log again */
  /* The outside programs relay panes stand between: columns after the
   * panes' (sp-sequence-relay.c), and every column's place from the left. */
  struct _SpSequenceRelay *relay;
  GPtrArray           *lane_titles;
  GArray              *positions;   /* of guint, by column */
  char                *description;
  double               min_column;  /* wide enough for every title */
  guint                rebuild_id;
  gboolean             follow;
  gint64               slice_time_us;  /* SP_SEQUENCE_VIEW_SLICE_TIME_US but in tests */
  /* Of a slice's time, the share reading the events took (the rest is
   * finding their arrows): the last slice's, for the next one's reading
   * to stop in time for both. */
  double               read_share;
  /* peer_column()'s last answer, within one update only. */
  struct {
    SpConnection      *connection;
    SpConnection      *peer;
    int                column;
  }                    peer_memo;
  /* The widest title's width is measured again only when the titles or
   * the font changed (see _sp_sequence_view_finish_lanes()). */
  char                *measured_titles;
  PangoContext        *measured_context;
  guint                measured_serial;
};

/* Appends a row for @record, at @position in column @column's log. */
void     _sp_sequence_view_add_row      (SpSequenceView      *self,
                                         guint                column,
                                         const SpEventRecord *record,
                                         guint                position);
/* Row @i's label and where its arrow ends, if it has come. */
void     _sp_sequence_view_describe_row (SpSequenceView *self,
                                         guint           i);
/* The column of the pane at @connection's other end, or -1. */
int      _sp_sequence_view_peer_column  (SpSequenceView *self,
                                         SpConnection   *connection);
/* Brings the rows up to the logs, @budget events at most (0: all of them)
 * and, with a budget, for about the slice's time at most; returns whether
 * events are left to read. */
gboolean _sp_sequence_view_update_rows  (SpSequenceView *self,
                                         guint           budget);
/* Drops every row at once (a log was cleared: they point into it); the
 * next update reads every log from its start. */
void     _sp_sequence_view_forget_rows  (SpSequenceView *self);
/* For tests: each slice's time (0: the least, SP_SEQUENCE_VIEW_CLOCK_EVERY
 * events a slice; G_MAXINT64: bounded by count only). */
void     _sp_sequence_view_set_slice_time (SpSequenceView *self,
                                           gint64          time_us);
gboolean _sp_sequence_view_relay_row    (SpSequenceView *self,
                                         guint           i);
void     _sp_sequence_view_finish_lanes (SpSequenceView *self);

/* A line from (@x1, @y1) to (@x2, @y2), dashed or not, with an arrowhead
 * at its end or not. */
void _sp_sequence_stroke_line      (GtkSnapshot   *snapshot,
                                    const GdkRGBA *color,
                                    double         x1,
                                    double         y1,
                                    double         x2,
                                    double         y2,
                                    double         width,
                                    gboolean       dashed,
                                    gboolean       arrow);
/* An arrow's label, centred over the arrow from (@x, @y) to (@tx, @ty),
 * above the line everywhere under it. */
void _sp_sequence_draw_arrow_label (GtkSnapshot   *snapshot,
                                    PangoLayout   *layout,
                                    const GdkRGBA *color,
                                    const char    *text,
                                    double         x,
                                    double         y,
                                    double         tx,
                                    double         ty);
/* A row's @label right of its lifeline at (@x, @y); @incoming says where
 * an arrow ending on the row comes from (1: a later row, below; -1: an
 * earlier one, above; 0: none), and the label keeps to the other side. */
void _sp_sequence_draw_row_label   (GtkSnapshot   *snapshot,
                                    PangoLayout   *layout,
                                    const GdkRGBA *color,
                                    const char    *label,
                                    int            incoming,
                                    double         x,
                                    double         y);
/* @text centred on (@x, @y): a lifeline's title. */
void _sp_sequence_draw_title       (GtkSnapshot   *snapshot,
                                    PangoLayout   *layout,
                                    const GdkRGBA *color,
                                    const char    *text,
                                    double         x,
                                    double         y);

G_END_DECLS
