# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The programs that make and watch real traffic inside lab nodes (used by lab.traffic and lab.session).

A lab node runs this file's source with its own ``python3 -c`` (``python3 -c SOURCE listen ...``): the
node's interpreter, in the node's namespaces, with the standard library only. ``lab`` sends the source
text, not a path, because inside an Ansible module the collection is a zip the node's Python cannot run
a file from. Each program prints JSON on its last line. The functions are plain Python, so the unit tests
run them in-process over the loopback.

    listen PROTO BIND PORT GROUP COUNT TIMEOUT        prints "listening", then [{from, port, payload}]
    send PROTO DEST PORT SOURCE COUNT INTERVAL TTL    prints how many it sent
    session-server BIND PORT TIMEOUT TALKER SECONDS INTERVAL
    session-client DEST PORT SOURCE SECONDS INTERVAL WAIT TALKER
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import time


def _family(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def _say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _listening():
    _say("listening")  # the caller starts the sender only after this line


def listen(proto, bind, port, group, count, timeout, ready=_listening):
    """Receive up to ``count`` TCP connections (answering each with ``ack:`` + what it sent) or UDP
    datagrams (joining multicast ``group`` when given) within ``timeout`` s; returns what arrived."""
    family = _family(group or bind)
    got = []
    deadline = time.time() + timeout
    if proto == "tcp":
        srv = socket.socket(family, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((bind, port))
        srv.listen(16)
        ready()
        while len(got) < count and time.time() < deadline:
            srv.settimeout(max(0.01, deadline - time.time()))
            try:
                conn, peer = srv.accept()
            except OSError:
                break
            conn.settimeout(2)
            data = b""
            try:
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                conn.sendall(b"ack:" + data)
            except OSError:
                pass
            conn.close()
            got.append({"from": peer[0], "port": peer[1], "payload": data.decode(errors="replace")})
        srv.close()
        return got
    srv = socket.socket(family, socket.SOCK_DGRAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("" if group else bind, port))
    if group:
        if family == socket.AF_INET:
            srv.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + socket.inet_aton(bind))
        else:
            srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                           socket.inet_pton(family, group) + struct.pack("@I", 0))
    ready()
    while len(got) < count and time.time() < deadline:
        srv.settimeout(max(0.01, deadline - time.time()))
        try:
            data, peer = srv.recvfrom(65536)
        except OSError:
            break
        got.append({"from": peer[0], "port": peer[1], "payload": data.decode(errors="replace")})
    srv.close()
    return got


def send(proto, dest, port, source, count, interval, ttl):
    """Send ``count`` TCP connections or UDP datagrams (``probe <n>``) every ``interval`` s from
    ``source`` (any when empty); returns how many went out. A failure is said on stderr, not raised."""
    family = _family(dest)
    sent = 0
    for index in range(count):
        payload = ("probe %d" % index).encode()
        sock = socket.socket(family, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
        try:
            if source:
                sock.bind((source, 0))
            if proto == "tcp":
                sock.settimeout(3)
                sock.connect((dest, port))
                sock.sendall(payload)
                sock.shutdown(socket.SHUT_WR)
                sock.recv(65536)
            else:
                if family == socket.AF_INET:
                    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
                    if source:  # leave by the interface of the source address (a node may have no default route)
                        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(source))
                else:
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, ttl)
                sock.sendto(payload, (dest, port))
            sent += 1
        except OSError as exc:
            sys.stderr.write("error %s\n" % exc)
        finally:
            sock.close()
        time.sleep(interval)
    return sent


def talk(sock, seconds, interval):
    """Send a numbered line every ``interval`` s for ``seconds`` and wait for each echo; the longest
    time between two echoes is ``max_gap`` (an outage the connection survived)."""
    out = {"sent": 0, "echoed": 0, "max_gap": 0.0, "error": None}
    try:
        start = last = time.time()
        buf = b""
        while time.time() - start < seconds:
            line = b"%d\n" % out["sent"]
            sock.sendall(line)
            out["sent"] += 1
            while line not in buf:
                chunk = sock.recv(65536)
                if not chunk:
                    raise OSError("connection closed by the peer")
                buf += chunk
            buf = buf.split(line, 1)[1]
            now = time.time()
            out["echoed"] += 1
            out["max_gap"] = max(out["max_gap"], round(now - last, 3))
            last = now
            time.sleep(interval)
        sock.shutdown(socket.SHUT_WR)
    except OSError as exc:
        out["error"] = str(exc) or exc.__class__.__name__
    return out


def echo(sock):
    """Send back whatever arrives until the peer closes; returns how many bytes."""
    got = 0
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            got += len(chunk)
            sock.sendall(chunk)
    except OSError as exc:
        return {"bytes": got, "error": str(exc)}
    return {"bytes": got}


def session_server(bind, port, timeout, talker, seconds, interval, ready=_listening):
    """Accept ONE connection; talk on it (``talker``: a server push) or echo; returns the peer too."""
    srv = socket.socket(_family(bind), socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((bind, port))
    srv.listen(1)
    ready()
    srv.settimeout(timeout)
    result = {"from": None, "port": None}
    try:
        conn, peer = srv.accept()
        result.update({"from": peer[0], "port": peer[1]})
        conn.settimeout(timeout)
        result.update(talk(conn, seconds, interval) if talker else echo(conn))
        conn.close()
    except OSError as exc:
        result["error"] = str(exc)
    srv.close()
    return result


def session_client(dest, port, source, seconds, interval, wait, talker):
    """Connect (within ``wait`` s) and talk or echo on that ONE connection."""
    sock = socket.socket(_family(dest), socket.SOCK_STREAM)
    try:
        if source:
            sock.bind((source, 0))
        sock.settimeout(wait)
        sock.connect((dest, port))
        out = talk(sock, seconds, interval) if talker else echo(sock)
    except OSError as exc:
        out = {"sent": 0, "echoed": 0, "max_gap": 0.0, "error": str(exc) or exc.__class__.__name__}
    finally:
        sock.close()
    return out


def main(argv):
    """The command line a node runs (see the module's doc); the result is the last line, as JSON."""
    what, args = argv[0], argv[1:]
    if what == "listen":
        result = listen(args[0], args[1], int(args[2]), args[3], int(args[4]), float(args[5]))
    elif what == "send":
        result = send(args[0], args[1], int(args[2]), args[3], int(args[4]), float(args[5]), int(args[6]))
    elif what == "session-server":
        result = session_server(args[0], int(args[1]), float(args[2]), args[3] == "server", float(args[4]),
                                float(args[5]))
    elif what == "session-client":
        result = session_client(args[0], int(args[1]), args[2], float(args[3]), float(args[4]), float(args[5]),
                                args[6] == "client")
    else:
        raise ValueError("lab_probe: unknown program %r" % what)
    _say(json.dumps(result))


if __name__ == "__main__":  # pragma: no cover - run by a node's python3 -c (lab.traffic, lab.session)
    main(sys.argv[1:])
