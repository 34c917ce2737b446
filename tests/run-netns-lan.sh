#!/bin/sh
# Runs a test in a network namespace of its own with a small LAN of its own:
# loopback (multicast on) and a veth pair, sp0 (10.77.0.1/24, broadcast
# 10.77.0.255, fd77::1/64) and its peer sp1, with the default routes going
# out through sp0. Broadcast and multicast then have an interface to use,
# and nothing they send can leave the namespace. Without the rights to make
# one, the test runs as it is, without SP_NETNS_LAN, and skips what needs it.
set -e

if [ -z "$SP_IN_NETNS" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
   command -v ip >/dev/null 2>&1 && unshare --net true 2>/dev/null; then
  export SP_IN_NETNS=1
  exec unshare --net sh -c '
    ip link set lo up
    # No duplicate address detection: the link-local addresses IPv6
    # multicast goes out from are usable at once, not a second later.
    echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad || true
    if ip link set lo multicast on &&
       ip link add sp0 type veth peer name sp1 &&
       ip addr add 10.77.0.1/24 brd + dev sp0 &&
       ip -6 addr add fd77::1/64 dev sp0 nodad &&
       ip link set sp0 up && ip link set sp1 up &&
       ip route add default dev sp0 &&
       ip -6 route add default dev sp0; then
      export SP_NETNS_LAN=1
    fi
    exec "$@"' sh "$@"
fi

exec "$@"
