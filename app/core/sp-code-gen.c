/* sp-code-gen.c: "Copy as Python" / "Copy as C" — a runnable program that
 * makes the same calls a pane made, with the same bytes
 *
 * The program follows the pane's log in order: each accept/connect, every
 * message sent (the exact bytes that went out, framing headers included) and
 * one receive call per received entry, with the pane's read size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-code-gen.h"
#include "sp-code-gen-private.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"

static char *
c_bytes (const guint8 *data,
         gsize         len)
{
  GString *s = g_string_new ("\"");

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      /* Octal escapes: unlike \x they never swallow the next character. */
      if (c == '\\' || c == '"')
        g_string_append_printf (s, "\\%c", c);
      else if (c >= 0x20 && c < 0x7f && c != '?')
        g_string_append_c (s, c);
      else
        g_string_append_printf (s, "\\%03o", c);

      if (i % 64 == 63 && i + 1 < len)
        g_string_append (s, "\"\n    \"");
    }
  g_string_append_c (s, '"');

  return g_string_free (s, FALSE);
}

typedef enum {
  STEP_ACCEPT,
  STEP_SEND,
  STEP_RECV,
  STEP_RECV_EOF,
  STEP_CLOSE,
} StepKind;

typedef struct {
  StepKind    kind;
  guint       connection;
  GByteArray *bytes;    /* SEND: the whole message */
  char       *peer;     /* UDP: who sent / where to */
} Step;

static void
step_free (gpointer data)
{
  Step *step = data;

  if (step->bytes)
    g_byte_array_unref (step->bytes);
  g_free (step->peer);
  g_free (step);
}

static Step *
add_step (GPtrArray           *steps,
          StepKind             kind,
          const SpEventRecord *event)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->connection = sp_event_record_get_connection_id (event);
  step->peer = g_strdup (sp_event_record_get_peer (event));
  g_ptr_array_add (steps, step);

  return step;
}

/* The pane's log as a program: partial send() calls of one message are
 * joined back into that message, as the program hands it over once. */
static GPtrArray *
collect_steps (SpEndpoint *endpoint)
{
  SpEventLog *events = sp_endpoint_get_events (endpoint);
  GPtrArray *steps = g_ptr_array_new_with_free_func (step_free);
  GHashTable *open_message = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (events));

  for (guint i = 0; i < n; i++)
    {
      const SpEventRecord *event = sp_event_log_peek (events, i);
      guint id = sp_event_record_get_connection_id (event);
      gsize size;
      const guint8 *data = sp_event_record_get_payload_data (event, &size);
      Step *step;

      switch ((int) sp_event_record_get_kind (event))
        {
        case SP_EVENT_KIND_ACCEPTED:
          add_step (steps, STEP_ACCEPT, event);
          break;

        case SP_EVENT_KIND_SENT:
          step = g_hash_table_lookup (open_message, GUINT_TO_POINTER (id));
          if (step == NULL)
            {
              step = add_step (steps, STEP_SEND, event);
              step->bytes = g_byte_array_new ();
            }
          if (data != NULL)
            g_byte_array_append (step->bytes, data, size);
          /* sendall() goes on with the same message: after a partial
           * send, or with its next piece. */
          if (sp_event_record_get_flags (event) & SP_EVENT_FLAG_CONTINUED)
            g_hash_table_insert (open_message, GUINT_TO_POINTER (id), step);
          else
            g_hash_table_remove (open_message, GUINT_TO_POINTER (id));
          break;

        case SP_EVENT_KIND_RECEIVED:
          add_step (steps, STEP_RECV, event);
          break;

        case SP_EVENT_KIND_PEER_CLOSED:
          add_step (steps, STEP_RECV_EOF, event);
          break;

        case SP_EVENT_KIND_CLOSED:
          if (id != 0)
            add_step (steps, STEP_CLOSE, event);
          break;

        default:
          break;
        }
    }

  g_hash_table_unref (open_message);
  return steps;
}

/* A UDP client's multicast goes out of @interface, when it sends to a
 * group at all. */
static void
append_multicast_if (GString    *s,
                     SpEndpoint *endpoint,
                     gboolean    python,
                     const char *interface)
{
  g_autoptr(GInetAddress) target = g_inet_address_new_from_string (sp_endpoint_get_host (endpoint));

  if (target == NULL || !g_inet_address_get_is_multicast (target))
    return;

  if (g_inet_address_get_family (target) == G_SOCKET_FAMILY_IPV6)
    g_string_append_printf (s, python ? "sk.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex('%s'))\n"
                                      : "  setsockopt (sk, IPPROTO_IPV6, IPV6_MULTICAST_IF, &(int) { if_nametoindex (\"%s\") }, sizeof (int));\n",
                            interface);
  else
    g_string_append_printf (s, python ? "sk.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,\n"
                                        "              struct.pack('4s4si', bytes(4), bytes(4), socket.if_nametoindex('%s')))\n"
                                      : "  {\n    struct ip_mreqn mreqn = { .imr_ifindex = if_nametoindex (\"%s\") };\n"
                                        "    if (setsockopt (sk, IPPROTO_IP, IP_MULTICAST_IF, &mreqn, sizeof mreqn) < 0)\n"
                                        "      die (\"IP_MULTICAST_IF\");\n  }\n",
                            interface);
}

/* SO_BROADCAST (UDP clients) and the group a UDP server joins after bind(),
 * as Python or C. */
static void
append_multicast (GString    *s,
                  SpEndpoint *endpoint,
                  gboolean    python)
{
  const char *group = sp_endpoint_get_multicast_group (endpoint);
  const char *interface = sp_endpoint_get_multicast_interface (endpoint);
  gboolean ipv6 = group != NULL && strchr (group, ':') != NULL;
  g_autofree char *py_index = interface ? g_strdup_printf ("socket.if_nametoindex('%s')", interface)
                                        : g_strdup ("0");
  g_autofree char *c_index = interface ? g_strdup_printf ("if_nametoindex (\"%s\")", interface)
                                       : g_strdup ("0");

  if (sp_endpoint_get_kind (endpoint) == SP_ENDPOINT_KIND_UDP_CLIENT && sp_endpoint_get_broadcast (endpoint))
    g_string_append (s, python ? "sk.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)\n"
                               : "  setsockopt (sk, SOL_SOCKET, SO_BROADCAST, &(int) { 1 }, sizeof (int));\n");

  if (sp_endpoint_get_kind (endpoint) == SP_ENDPOINT_KIND_UDP_CLIENT && interface != NULL)
    append_multicast_if (s, endpoint, python, interface);

  if (sp_endpoint_get_kind (endpoint) != SP_ENDPOINT_KIND_UDP_SERVER || group == NULL)
    return;

  if (python && ipv6)
    g_string_append_printf (s, "sk.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,\n"
                               "              socket.inet_pton(socket.AF_INET6, '%s') + struct.pack('@I', %s))\n",
                            group, py_index);
  else if (python)
    g_string_append_printf (s, "sk.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,\n"
                               "              struct.pack('4s4si', socket.inet_aton('%s'), socket.inet_aton('0.0.0.0'), %s))\n",
                            group, py_index);
  else if (ipv6)
    g_string_append_printf (s, "  {\n    struct ipv6_mreq mreq = { .ipv6mr_interface = %s };\n"
                               "    inet_pton (AF_INET6, \"%s\", &mreq.ipv6mr_multiaddr);\n"
                               "    if (setsockopt (sk, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq) < 0)\n"
                               "      die (\"IPV6_JOIN_GROUP\");\n  }\n", c_index, group);
  else
    g_string_append_printf (s, "  {\n    struct ip_mreqn mreq = { .imr_ifindex = %s };\n"
                               "    inet_pton (AF_INET, \"%s\", &mreq.imr_multiaddr);\n"
                               "    if (setsockopt (sk, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq) < 0)\n"
                               "      die (\"IP_ADD_MEMBERSHIP\");\n  }\n", c_index, group);
}

static char *
generate_python (SpEndpoint *endpoint)
{
  SpEndpointKind kind = sp_endpoint_get_kind (endpoint);
  gboolean udp = sp_endpoint_is_datagram (endpoint);
  gboolean server = sp_endpoint_is_server (endpoint);
  gboolean sendall = sp_endpoint_get_send_mode (endpoint) == SP_SEND_MODE_ALL && !udp;
  const char *host = sp_endpoint_get_host (endpoint);
  guint port = sp_endpoint_get_port (endpoint);
  guint read_size = sp_endpoint_get_read_size (endpoint);
  g_autoptr(GPtrArray) steps = collect_steps (endpoint);
  g_autoptr(GString) s = g_string_new (NULL);
  gboolean ipv6 = strchr (host, ':') != NULL;

  g_string_append_printf (s, "# Made by Socket Playground from what a %s pane did.\n",
                          kind == SP_ENDPOINT_KIND_TCP_SERVER ? "TCP server"
                          : kind == SP_ENDPOINT_KIND_TCP_CLIENT ? "TCP client"
                          : kind == SP_ENDPOINT_KIND_UDP_SERVER ? "UDP server" : "UDP client");
  g_string_append (s, (sp_endpoint_get_multicast_group (endpoint) != NULL && server && udp) ||
                     (sp_endpoint_get_multicast_interface (endpoint) != NULL && !server && udp)
                     ? "import socket\nimport struct\n\n" : "import socket\n\n");
  g_string_append_printf (s, "sk = socket.socket(socket.%s, socket.%s)\n",
                          ipv6 ? "AF_INET6" : "AF_INET", udp ? "SOCK_DGRAM" : "SOCK_STREAM");
  g_string_append (s, "sk.settimeout(10)  # a silent peer must not hang this script\n");

  if (sp_endpoint_get_reuse_address (endpoint) && !udp && server)
    g_string_append (s, "sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n");
  if (sp_endpoint_get_rcvbuf (endpoint) > 0)
    g_string_append_printf (s, "sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, %u)\n",
                            sp_endpoint_get_rcvbuf (endpoint));
  if (sp_endpoint_get_sndbuf (endpoint) > 0)
    g_string_append_printf (s, "sk.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, %u)\n",
                            sp_endpoint_get_sndbuf (endpoint));

  if (server)
    {
      g_string_append_printf (s, "sk.bind(('%s', %u))\n", host, port);
      append_multicast (s, endpoint, TRUE);
      if (!udp)
        g_string_append (s, "sk.listen(128)\n");
    }
  else
    append_multicast (s, endpoint, TRUE);
  if (!server && (!udp || sp_endpoint_get_udp_connect (endpoint)))
    g_string_append_printf (s, "sk.connect(('%s', %u))\n", host, port);

  if (sp_endpoint_get_no_delay (endpoint) && !udp && !server)
    g_string_append (s, "sk.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)\n");
  g_string_append (s, "\n");

  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = g_ptr_array_index (steps, i);
      g_autofree char *conn = NULL;

      /* A TCP server talks on accepted sockets; everyone else on sk. */
      conn = sp_py_socket_name (!udp && server, step->connection);

      switch (step->kind)
        {
        case STEP_ACCEPT:
          g_string_append_printf (s, "%s, addr = sk.accept()\n", conn);
          g_string_append_printf (s, "print('accepted', addr)\n");
          break;

        case STEP_SEND:
          {
            g_autofree char *bytes = sp_py_bytes (step->bytes->data, step->bytes->len, G_MAXSIZE);

            if (udp && (server || !sp_endpoint_get_udp_connect (endpoint)))
              {
                g_autofree char *to = server ? sp_py_address (step->peer, "None")
                                             : g_strdup_printf ("('%s', %u)", host, port);

                g_string_append_printf (s, "sk.sendto(%s, %s)\n", bytes, to);
              }
            else
              g_string_append_printf (s, "%s.%s(%s)\n", conn, sendall ? "sendall" : "send", bytes);
          }
          break;

        case STEP_RECV:
          if (udp)
            g_string_append_printf (s, "data, addr = sk.recvfrom(%u)\nprint(data, addr)\n", read_size);
          else
            g_string_append_printf (s, "data = %s.recv(%u)\nprint(data)\n", conn, read_size);
          break;

        case STEP_RECV_EOF:
          g_string_append_printf (s, "data = %s.recv(%u)  # b'': the peer closed\n", conn, read_size);
          break;

        case STEP_CLOSE:
          if (!udp && server)
            g_string_append_printf (s, "%s.close()\n", conn);
          break;

        default:
          break;
        }
    }

  g_string_append (s, "\nsk.close()\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* What shapes the C program: the pane's kind and options. */
typedef struct {
  gboolean udp;
  gboolean server;
  gboolean sendall;
  gboolean connected;   /* TCP, or UDP after connect() */
} CShape;

/* The includes and helper functions, only those the program uses, so it
 * builds with -Wall -Werror. */
static void
append_c_helpers (GString  *s,
                  gboolean  has_sendall,
                  gboolean  has_recv)
{
  g_string_append (s,
    "/* Made by Socket Playground from what a pane did.\n"
    " * Build: cc -o demo demo.c */\n"
    "#include <arpa/inet.h>\n#include <net/if.h>\n#include <netdb.h>\n#include <netinet/in.h>\n"
    "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
    "#include <sys/socket.h>\n#include <sys/types.h>\n#include <unistd.h>\n\n"
    "static void\ndie (const char *what)\n{\n  perror (what);\n  exit (1);\n}\n\n");
  if (has_sendall)
    g_string_append (s,
      "/* send() until every byte is taken, as Python's sendall(). */\n"
      "static void\nsend_all (int fd, const char *data, size_t len)\n{\n"
      "  while (len > 0)\n    {\n      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);\n"
      "      if (n < 0)\n        die (\"send\");\n      data += n;\n      len -= (size_t) n;\n    }\n}\n\n");
  if (has_recv)
    g_string_append (s,
      "static void\nshow (const char *what, const char *data, ssize_t n)\n{\n"
      "  printf (\"%s %zd bytes: \", what, n);\n  fwrite (data, 1, n > 0 ? (size_t) n : 0, stdout);\n"
      "  printf (\"\\n\");\n}\n\n");
}

/* main()'s variables, then socket(), bind()/listen() or connect(). */
static void
append_c_setup (GString      *s,
                SpEndpoint   *endpoint,
                const CShape *shape,
                GPtrArray    *steps,
                gboolean      has_recv)
{
  g_string_append (s, "int\nmain (void)\n{\n  struct addrinfo hints = { 0 }, *ai;\n");
  if (has_recv)
    g_string_append_printf (s, "  char buffer[%u];\n  ssize_t n;\n",
                            MIN (sp_endpoint_get_read_size (endpoint), 65536));
  g_string_append (s, "  int sk;\n");
  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = g_ptr_array_index (steps, i);

      if (step->kind == STEP_ACCEPT)
        g_string_append_printf (s, "  int conn%u;\n", step->connection);
    }
  if (shape->udp && has_recv)
    g_string_append (s, "  struct sockaddr_storage from;\n  socklen_t from_len;\n");
  g_string_append_printf (s, "\n  hints.ai_socktype = %s;\n", shape->udp ? "SOCK_DGRAM" : "SOCK_STREAM");
  if (shape->server)
    g_string_append (s, "  hints.ai_flags = AI_PASSIVE;\n");
  g_string_append_printf (s, "  if (getaddrinfo (\"%s\", \"%u\", &hints, &ai) != 0)\n    die (\"getaddrinfo\");\n",
                          sp_endpoint_get_host (endpoint), sp_endpoint_get_port (endpoint));
  g_string_append (s, "  sk = socket (ai->ai_family, ai->ai_socktype, 0);\n  if (sk < 0)\n    die (\"socket\");\n");
  if (sp_endpoint_get_reuse_address (endpoint) && shape->server && !shape->udp)
    g_string_append (s, "  setsockopt (sk, SOL_SOCKET, SO_REUSEADDR, &(int) { 1 }, sizeof (int));\n");
  if (shape->server)
    {
      g_string_append (s, "  if (bind (sk, ai->ai_addr, ai->ai_addrlen) < 0)\n    die (\"bind\");\n");
      append_multicast (s, endpoint, FALSE);
      if (!shape->udp)
        g_string_append (s, "  if (listen (sk, 128) < 0)\n    die (\"listen\");\n");
    }
  else
    append_multicast (s, endpoint, FALSE);
  if (!shape->server && shape->connected)
    g_string_append (s, "  if (connect (sk, ai->ai_addr, ai->ai_addrlen) < 0)\n    die (\"connect\");\n");
  g_string_append (s, "\n");
}

static void
append_c_send (GString      *s,
               const CShape *shape,
               Step         *step,
               const char   *fd)
{
  g_autofree char *bytes = c_bytes (step->bytes->data, step->bytes->len);

  if (shape->udp && shape->server)
    g_string_append_printf (s, "  /* to %s: reply to the last sender */\n"
                               "  if (sendto (sk, %s, %u, 0, (struct sockaddr *) &from, from_len) < 0)\n    die (\"sendto\");\n",
                            step->peer ? step->peer : "?", bytes, step->bytes->len);
  else if (shape->udp && !shape->connected)
    g_string_append_printf (s, "  if (sendto (sk, %s, %u, 0, ai->ai_addr, ai->ai_addrlen) < 0)\n    die (\"sendto\");\n",
                            bytes, step->bytes->len);
  else if (shape->sendall)
    g_string_append_printf (s, "  send_all (%s, %s, %u);\n", fd, bytes, step->bytes->len);
  else
    g_string_append_printf (s, "  if (send (%s, %s, %u, MSG_NOSIGNAL) < 0)\n    die (\"send\");\n",
                            fd, bytes, step->bytes->len);
}

static void
append_c_step (GString      *s,
               const CShape *shape,
               Step         *step)
{
  g_autofree char *fd = sp_py_socket_name (!shape->udp && shape->server, step->connection);

  switch (step->kind)
    {
    case STEP_ACCEPT:
      g_string_append_printf (s, "  %s = accept (sk, NULL, NULL);\n  if (%s < 0)\n    die (\"accept\");\n", fd, fd);
      break;

    case STEP_SEND:
      append_c_send (s, shape, step, fd);
      break;

    case STEP_RECV:
    case STEP_RECV_EOF:
      if (shape->udp)
        g_string_append (s, "  from_len = sizeof from;\n"
                            "  n = recvfrom (sk, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &from_len);\n");
      else
        g_string_append_printf (s, "  n = recv (%s, buffer, sizeof buffer, 0);\n", fd);
      g_string_append (s, "  if (n < 0)\n    die (\"recv\");\n  show (\"received\", buffer, n);\n");
      break;

    case STEP_CLOSE:
      if (!shape->udp && shape->server)
        g_string_append_printf (s, "  close (%s);\n", fd);
      break;

    default:
      break;
    }
}

static char *
generate_c (SpEndpoint *endpoint)
{
  gboolean udp = sp_endpoint_is_datagram (endpoint);
  CShape shape = {
    .udp = udp,
    .server = sp_endpoint_is_server (endpoint),
    .sendall = sp_endpoint_get_send_mode (endpoint) == SP_SEND_MODE_ALL && !udp,
    .connected = !udp || sp_endpoint_get_udp_connect (endpoint),
  };
  g_autoptr(GPtrArray) steps = collect_steps (endpoint);
  g_autoptr(GString) s = g_string_new (NULL);
  gboolean has_recv = FALSE, has_sendall = FALSE;

  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = g_ptr_array_index (steps, i);

      has_recv |= step->kind == STEP_RECV || step->kind == STEP_RECV_EOF;
      has_sendall |= step->kind == STEP_SEND && shape.sendall;
    }

  append_c_helpers (s, has_sendall, has_recv);
  append_c_setup (s, endpoint, &shape, steps, has_recv);
  for (guint i = 0; i < steps->len; i++)
    append_c_step (s, &shape, g_ptr_array_index (steps, i));

  g_string_append (s, "\n  freeaddrinfo (ai);\n  close (sk);\n  return 0;\n}\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
sp_code_generate (SpEndpoint     *endpoint,
                  SpCodeLanguage  language)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  /* A relay's program is a relay like it (sp-code-gen-relay.c). */
  if (sp_endpoint_kind_is_relay (sp_endpoint_get_kind (endpoint)))
    return _sp_code_gen_relay (endpoint, language);

  return language == SP_CODE_C ? generate_c (endpoint) : generate_python (endpoint);
}
