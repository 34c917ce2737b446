/* sp-code-gen-relay.c: "Copy as Python" / "Copy as C" for a relay pane — a
 * relay program like the pane (a relay's traffic is its clients' and
 * servers' business, not a script to replay)
 *
 * The same addresses, target and read size as the pane. TCP: a FIN passed
 * on as shutdown(SHUT_WR), a reset as a reset, and a side's reading waiting
 * while the other side's sendall() blocks. UDP: a socket of each client's
 * own, connect()ed to the target, forgotten after the pane's idle timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-code-gen-private.h"
#include "sp-socket-address.h"

static const char *
family_of (const char *host)
{
  return strchr (host, ':') != NULL ? "AF_INET6" : "AF_INET";
}

/* TCP, in Python: one thread per client, as simple as the tutorials; the
 * program is a relay like the pane — the same addresses,
 * read size, FIN passed on as shutdown(SHUT_WR), reset as a reset, and a
 * side's reading waiting while the other side's sendall() blocks. */
static char *
generate_python_tcp_relay (SpEndpoint *endpoint)
{
  const char *host = sp_endpoint_get_host (endpoint);
  const char *target = sp_endpoint_get_target_host (endpoint);
  guint port = sp_endpoint_get_port (endpoint);
  guint target_port = sp_endpoint_get_target_port (endpoint);
  g_autofree char *target_text = sp_format_host_port (target, target_port);
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s,
    "# Made by Socket Playground: a TCP relay like this pane. It listens on\n"
    "# %s port %u and connects each client on to %s port %u, then\n"
    "# passes every byte on, both ways: a FIN as shutdown(SHUT_WR), a reset\n"
    "# as a reset (close() with SO_LINGER 0).\n"
    "import select\nimport socket\nimport struct\nimport threading\n\n"
    "def relay(conn, upstream):\n"
    "    other = {conn: upstream, upstream: conn}\n"
    "    reading = [conn, upstream]\n"
    "    try:\n"
    "        while reading:\n"
    "            ready, _, _ = select.select(reading, [], [])\n"
    "            for src in ready:\n"
    "                data = src.recv(%u)\n"
    "                if data:\n"
    "                    # Blocks while the other side is full: src waits meanwhile.\n"
    "                    other[src].sendall(data)\n"
    "                else:\n"
    "                    # b'': src's FIN, passed on; the other way stays open.\n"
    "                    other[src].shutdown(socket.SHUT_WR)\n"
    "                    reading.remove(src)\n"
    "    except OSError as e:\n"
    "        print('reset passed on:', e)  # ECONNRESET, EPIPE...\n"
    "        for s in (conn, upstream):\n"
    "            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))\n"
    "    conn.close()\n"
    "    upstream.close()\n\n",
    host, port, target, target_port, sp_endpoint_get_read_size (endpoint));
  g_string_append_printf (s, "sk = socket.socket(socket.%s, socket.SOCK_STREAM)\n",
                          family_of (host));
  if (sp_endpoint_get_reuse_address (endpoint))
    g_string_append (s, "sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n");
  g_string_append_printf (s,
    "sk.bind(('%s', %u))\n"
    "sk.listen(128)\n"
    "while True:\n"
    "    conn, addr = sk.accept()\n"
    "    print('accepted', addr)\n"
    "    try:\n"
    "        upstream = socket.create_connection(('%s', %u))\n"
    "    except OSError as e:\n"
    "        print('target %s:', e)  # ECONNREFUSED: nothing listens there\n"
    "        conn.close()\n"
    "        continue\n"
    "    threading.Thread(target=relay, args=(conn, upstream), daemon=True).start()\n",
    host, port, target, target_port, target_text);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* UDP, in Python: one select() loop; a dict maps each client to its own
 * socket connect()ed to the target, and back. */
static char *
generate_python_udp_relay (SpEndpoint *endpoint)
{
  const char *host = sp_endpoint_get_host (endpoint);
  const char *target = sp_endpoint_get_target_host (endpoint);
  guint port = sp_endpoint_get_port (endpoint);
  guint target_port = sp_endpoint_get_target_port (endpoint);
  guint read_size = sp_endpoint_get_read_size (endpoint);
  g_autofree char *target_text = sp_format_host_port (target, target_port);
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s,
    "# Made by Socket Playground: a UDP relay like this pane. It listens on\n"
    "# %s port %u and sends each client's datagrams on to %s port %u\n"
    "# from a socket of that client's own, connect()ed to the target, so the\n"
    "# target's replies go back to the right client (a mapping, as a NAT keeps\n"
    "# one). A mapping is forgotten after %g s without a datagram either way.\n"
    "import select\nimport socket\nimport time\n\n"
    "IDLE = %g\n\n",
    host, port, target, target_port, sp_endpoint_get_relay_idle_timeout (endpoint) / 1000.0,
    sp_endpoint_get_relay_idle_timeout (endpoint) / 1000.0);
  g_string_append_printf (s,
    "sk = socket.socket(socket.%s, socket.SOCK_DGRAM)\n"
    "sk.bind(('%s', %u))\n"
    "upstream = {}   # client address -> its socket to the target\n"
    "client_of = {}  # that socket -> the client address\n"
    "last_used = {}  # client address -> when a datagram last passed\n"
    "while True:\n"
    "    ready, _, _ = select.select([sk] + list(client_of), [], [], 1.0)\n"
    "    now = time.monotonic()\n"
    "    for src in ready:\n"
    "        try:\n"
    "            if src is sk:\n"
    "                data, addr = sk.recvfrom(%u)\n"
    "                if addr not in upstream:\n"
    "                    up = socket.socket(socket.%s, socket.SOCK_DGRAM)\n"
    "                    up.connect(('%s', %u))\n"
    "                    upstream[addr], client_of[up] = up, addr\n"
    "                    print('new mapping', addr, '->', up.getsockname())\n"
    "                upstream[addr].send(data)\n"
    "            else:\n"
    "                addr = client_of[src]\n"
    "                data = src.recv(%u)\n"
    "                sk.sendto(data, addr)\n"
    "            last_used[addr] = now\n"
    "        except ConnectionRefusedError as e:\n"
    "            # ICMP port unreachable: nothing is bound at the target.\n"
    "            print('target %s:', e)\n"
    "    for addr in [a for a, t in last_used.items() if now - t >= IDLE]:\n"
    "        up = upstream.pop(addr)\n"
    "        del client_of[up], last_used[addr]\n"
    "        up.close()\n"
    "        print('mapping expired', addr)\n",
    family_of (host), host, port, read_size, family_of (target), target, target_port, read_size,
    target_text);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The start of both C programs: includes, die(), the read buffer and a
 * socket of @type bound to the pane's address (the variable sk). */
static void
append_c_start (GString    *s,
                SpEndpoint *endpoint,
                const char *what,
                gboolean    stream)
{
  const char *host = sp_endpoint_get_host (endpoint);
  const char *target = sp_endpoint_get_target_host (endpoint);

  g_string_append_printf (s,
    "/* Made by Socket Playground: %s like this pane. It listens on\n"
    " * %s port %u and relays to %s port %u.\n"
    " * Build: cc -o relay relay.c */\n",
    what, host, sp_endpoint_get_port (endpoint), target, sp_endpoint_get_target_port (endpoint));
  g_string_append (s,
    "#include <netdb.h>\n#include <poll.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
    "#include <string.h>\n#include <sys/socket.h>\n#include <time.h>\n#include <unistd.h>\n\n"
    "static void\ndie (const char *what)\n{\n  perror (what);\n  exit (1);\n}\n\n");
  g_string_append_printf (s, "static char buf[%u];  /* the pane's recv() size */\n\n",
                          sp_endpoint_get_read_size (endpoint));
  g_string_append_printf (s,
    "/* The first address of host:port, for @type sockets. */\n"
    "static struct addrinfo *\nresolve (const char *host, const char *port, int type, int flags)\n{\n"
    "  struct addrinfo hints = { .ai_socktype = type, .ai_flags = flags }, *ai;\n"
    "  int error = getaddrinfo (host, port, &hints, &ai);\n\n"
    "  if (error != 0)\n    {\n      fprintf (stderr, \"%%s: %%s\\n\", host, gai_strerror (error));\n      exit (1);\n    }\n"
    "  return ai;\n}\n\n"
    "static int\nbound_socket (void)\n{\n"
    "  struct addrinfo *ai = resolve (\"%s\", \"%u\", %s, AI_PASSIVE);\n"
    "  int sk = socket (ai->ai_family, ai->ai_socktype, 0);\n\n"
    "  if (sk < 0)\n    die (\"socket\");\n",
    host, sp_endpoint_get_port (endpoint), stream ? "SOCK_STREAM" : "SOCK_DGRAM");
  if (stream && sp_endpoint_get_reuse_address (endpoint))
    g_string_append (s, "  setsockopt (sk, SOL_SOCKET, SO_REUSEADDR, &(int) { 1 }, sizeof (int));\n");
  g_string_append (s, "  if (bind (sk, ai->ai_addr, ai->ai_addrlen) < 0)\n    die (\"bind\");\n");
  if (stream)
    g_string_append (s, "  if (listen (sk, 128) < 0)\n    die (\"listen\");\n");
  g_string_append (s, "  freeaddrinfo (ai);\n  return sk;\n}\n\n");
}

/* TCP, in C: one poll() loop over every connection; a side is read only
 * when its partner is not, so a blocked send() holds that side back. */
static char *
generate_c_tcp_relay (SpEndpoint *endpoint)
{
  g_autofree char *target_text = sp_format_host_port (sp_endpoint_get_target_host (endpoint),
                                                      sp_endpoint_get_target_port (endpoint));
  g_autoptr(GString) s = g_string_new (NULL);

  append_c_start (s, endpoint, "a TCP relay", TRUE);
  g_string_append (s,
    "/* Each pair passes every byte on, both ways: a FIN as shutdown(SHUT_WR),\n"
    " * a reset as a reset (close() with SO_LINGER 0). One loop serves every\n"
    " * pair, so a send() that blocks holds them all until it is taken. */\n"
    "#define MAX_FDS 1024\n"
    "static int other[MAX_FDS];    /* each connection's partner, or -1 */\n"
    "static int reading[MAX_FDS];  /* its peer has not sent its FIN yet */\n\n");
  g_string_append_printf (s,
    "static int\nconnect_target (void)\n{\n"
    "  struct addrinfo *ai = resolve (\"%s\", \"%u\", SOCK_STREAM, 0);\n"
    "  int fd = socket (ai->ai_family, SOCK_STREAM, 0);\n\n"
    "  if (fd >= 0 && connect (fd, ai->ai_addr, ai->ai_addrlen) < 0)\n"
    "    {\n      perror (\"target %s\");  /* ECONNREFUSED: nothing listens there */\n"
    "      close (fd);\n      fd = -1;\n    }\n"
    "  freeaddrinfo (ai);\n  return fd;\n}\n\n",
    sp_endpoint_get_target_host (endpoint), sp_endpoint_get_target_port (endpoint), target_text);
  g_string_append (s,
    "static void\nforget (int fd, int reset)\n{\n"
    "  int peer = other[fd];\n  struct linger linger = { 1, 0 };\n\n"
    "  if (reset)\n    {\n"
    "      setsockopt (fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);\n"
    "      setsockopt (peer, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);\n    }\n"
    "  close (fd);\n  close (peer);\n"
    "  other[fd] = other[peer] = -1;\n  reading[fd] = reading[peer] = 0;\n}\n\n"
    "/* send() until every byte is taken, as Python's sendall(). */\n"
    "static int\nsend_all (int fd, const char *data, size_t len)\n{\n"
    "  while (len > 0)\n    {\n      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);\n"
    "      if (n < 0)\n        return -1;\n      data += n;\n      len -= (size_t) n;\n    }\n  return 0;\n}\n\n"
    "static void\naccept_one (int sk)\n{\n"
    "  int conn = accept (sk, NULL, NULL);\n"
    "  int upstream = conn >= 0 ? connect_target () : -1;\n\n"
    "  if (conn >= 0 && (upstream < 0 || conn >= MAX_FDS || upstream >= MAX_FDS))\n"
    "    {\n      close (conn);\n      if (upstream >= 0)\n        close (upstream);\n      return;\n    }\n"
    "  if (conn < 0)\n    return;\n"
    "  other[conn] = upstream;\n  other[upstream] = conn;\n"
    "  reading[conn] = reading[upstream] = 1;\n"
    "  printf (\"relaying fd %d <-> fd %d\\n\", conn, upstream);\n}\n\n"
    "/* One recv() on @fd, passed on to its partner. */\n"
    "static void\nrelay_one (int fd)\n{\n"
    "  ssize_t n = recv (fd, buf, sizeof buf, 0);\n\n"
    "  if (n > 0 && send_all (other[fd], buf, (size_t) n) < 0)\n"
    "    {\n      perror (\"reset passed on\");  /* ECONNRESET, EPIPE... */\n      forget (fd, 1);\n    }\n"
    "  else if (n == 0)\n    {\n"
    "      /* The FIN, passed on; the other way stays open. */\n"
    "      shutdown (other[fd], SHUT_WR);\n      reading[fd] = 0;\n"
    "      if (!reading[other[fd]])\n        forget (fd, 0);\n    }\n"
    "  else if (n < 0)\n    {\n      perror (\"reset passed on\");\n      forget (fd, 1);\n    }\n}\n\n"
    "int\nmain (void)\n{\n"
    "  static struct pollfd fds[MAX_FDS + 1];\n"
    "  int sk = bound_socket ();\n\n"
    "  for (int fd = 0; fd < MAX_FDS; fd++)\n    other[fd] = -1;\n"
    "  for (;;)\n    {\n"
    "      nfds_t n = 0;\n\n"
    "      fds[n++] = (struct pollfd) { sk, POLLIN, 0 };\n"
    "      for (int fd = 0; fd < MAX_FDS; fd++)\n"
    "        if (reading[fd])\n          fds[n++] = (struct pollfd) { fd, POLLIN, 0 };\n"
    "      if (poll (fds, n, -1) < 0)\n        die (\"poll\");\n"
    "      for (nfds_t i = 1; i < n; i++)\n"
    "        if (fds[i].revents != 0 && reading[fds[i].fd])\n          relay_one (fds[i].fd);\n"
    "      if (fds[0].revents & POLLIN)\n        accept_one (sk);\n"
    "    }\n}\n");

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* UDP, in C: one poll() loop; a table maps each client to its own socket
 * connect()ed to the target. */
static char *
generate_c_udp_relay (SpEndpoint *endpoint)
{
  g_autofree char *target_text = sp_format_host_port (sp_endpoint_get_target_host (endpoint),
                                                      sp_endpoint_get_target_port (endpoint));
  g_autoptr(GString) s = g_string_new (NULL);

  append_c_start (s, endpoint, "a UDP relay", FALSE);
  g_string_append_printf (s,
    "/* Each client's datagrams go on to the target from a socket of that\n"
    " * client's own, connect()ed to it, so the replies go back to the right\n"
    " * client; a mapping is forgotten after IDLE_MS without a datagram. */\n"
    "#define MAX_MAPPINGS 256\n#define IDLE_MS %u\n\n"
    "struct mapping\n{\n  int fd;  /* -1: free */\n  struct sockaddr_storage client;\n"
    "  socklen_t client_len;\n  long long last_used;\n};\n\n"
    "static struct mapping map[MAX_MAPPINGS];\n\n"
    "static long long\nnow_ms (void)\n{\n  struct timespec ts;\n\n"
    "  clock_gettime (CLOCK_MONOTONIC, &ts);\n  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;\n}\n\n",
    sp_endpoint_get_relay_idle_timeout (endpoint));
  g_string_append_printf (s,
    "/* The client's mapping, made at its first datagram (NULL: table full). */\n"
    "static struct mapping *\nmapping_for (struct sockaddr_storage *from, socklen_t len)\n{\n"
    "  struct mapping *free_one = NULL;\n  struct addrinfo *ai;\n\n"
    "  for (int i = 0; i < MAX_MAPPINGS; i++)\n    {\n"
    "      if (map[i].fd >= 0 && map[i].client_len == len && memcmp (&map[i].client, from, len) == 0)\n"
    "        return &map[i];\n"
    "      if (map[i].fd < 0 && free_one == NULL)\n        free_one = &map[i];\n    }\n"
    "  if (free_one == NULL)\n    return NULL;\n\n"
    "  ai = resolve (\"%s\", \"%u\", SOCK_DGRAM, 0);\n"
    "  free_one->fd = socket (ai->ai_family, SOCK_DGRAM, 0);\n"
    "  if (free_one->fd < 0 || connect (free_one->fd, ai->ai_addr, ai->ai_addrlen) < 0)\n"
    "    die (\"upstream socket\");\n"
    "  freeaddrinfo (ai);\n"
    "  memcpy (&free_one->client, from, len);\n  free_one->client_len = len;\n"
    "  printf (\"new mapping: fd %%d\\n\", free_one->fd);\n"
    "  return free_one;\n}\n\n",
    sp_endpoint_get_target_host (endpoint), sp_endpoint_get_target_port (endpoint));
  g_string_append_printf (s,
    "int\nmain (void)\n{\n"
    "  static struct pollfd fds[MAX_MAPPINGS + 1];\n"
    "  static struct mapping *of[MAX_MAPPINGS + 1];\n"
    "  int sk = bound_socket ();\n\n"
    "  for (int i = 0; i < MAX_MAPPINGS; i++)\n    map[i].fd = -1;\n"
    "  for (;;)\n    {\n"
    "      nfds_t n = 0;\n      long long now;\n\n"
    "      fds[n++] = (struct pollfd) { sk, POLLIN, 0 };\n"
    "      for (int i = 0; i < MAX_MAPPINGS; i++)\n"
    "        if (map[i].fd >= 0)\n          {\n            of[n] = &map[i];\n"
    "            fds[n++] = (struct pollfd) { map[i].fd, POLLIN, 0 };\n          }\n"
    "      if (poll (fds, n, 1000) < 0)\n        die (\"poll\");\n"
    "      now = now_ms ();\n\n"
    "      if (fds[0].revents & POLLIN)\n        {\n"
    "          struct sockaddr_storage from;\n          socklen_t len = sizeof from;\n"
    "          ssize_t got = recvfrom (sk, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);\n"
    "          struct mapping *m = got >= 0 ? mapping_for (&from, len) : NULL;\n\n"
    "          if (m != NULL && send (m->fd, buf, (size_t) got, 0) < 0)\n"
    "            perror (\"send to the target\");\n"
    "          if (m != NULL)\n            m->last_used = now;\n        }\n"
    "      for (nfds_t i = 1; i < n; i++)\n"
    "        if (fds[i].revents != 0)\n          {\n"
    "            ssize_t got = recv (fds[i].fd, buf, sizeof buf, 0);\n\n"
    "            /* ECONNREFUSED: ICMP port unreachable, nothing is bound there. */\n"
    "            if (got < 0)\n              perror (\"target %s\");\n"
    "            else if (sendto (sk, buf, (size_t) got, 0, (struct sockaddr *) &of[i]->client, of[i]->client_len) < 0)\n"
    "              perror (\"sendto the client\");\n"
    "            else\n              of[i]->last_used = now;\n          }\n"
    "      for (int i = 0; i < MAX_MAPPINGS; i++)\n"
    "        if (map[i].fd >= 0 && now - map[i].last_used >= IDLE_MS)\n          {\n"
    "            printf (\"mapping expired: fd %%d\\n\", map[i].fd);\n"
    "            close (map[i].fd);\n            map[i].fd = -1;\n          }\n"
    "    }\n}\n",
    target_text);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
_sp_code_gen_relay (SpEndpoint     *endpoint,
                    SpCodeLanguage  language)
{
  gboolean udp = sp_endpoint_get_kind (endpoint) == SP_ENDPOINT_KIND_UDP_RELAY;

  if (language == SP_CODE_C)
    return udp ? generate_c_udp_relay (endpoint) : generate_c_tcp_relay (endpoint);

  return udp ? generate_python_udp_relay (endpoint) : generate_python_tcp_relay (endpoint);
}
