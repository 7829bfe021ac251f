#!/usr/bin/env python3
"""A loopback HTTP/1.1 proxy in front of moto that counts AWS requests and can add latency to each.

    python3 bench/latency_proxy.py --upstream 127.0.0.1:5000 --log FILE [--delay-ms 100] [--port-file FILE]

Clients point AWS_ENDPOINT_URL at it. Bytes pass through unchanged (the Host header the client signed reaches
moto as it was signed, so SigV4 still verifies); the proxy only finds where each request and response ends.
Every request waits --delay-ms before it is forwarded: a fixed round-trip cost like real AWS's.
For every response it appends one line to --log BEFORE the client sees the response, so a client that has
exited has all of its requests in the log:  <unix time> <service> <action> <status>
(service from the SigV4 credential scope, action from the Query body or X-Amz-Target; never a key or a secret).
It listens on a free 127.0.0.1 port and writes that port to --port-file once it accepts connections.
"""
import argparse
import os
import socket
import threading
import time
import urllib.parse
from collections import deque

MAX_HEAD = 64 * 1024


class Closed(Exception):
    """The peer closed the connection between messages."""


class Reader:
    """Buffered reads from a socket that keep the raw bytes."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise Closed()
        self.buf += data

    def head(self):
        """Start line + headers, raw, including the blank line. Closed if the peer closed cleanly first."""
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > MAX_HEAD:
                raise ValueError("HTTP head too large")
            try:
                self._fill()
            except Closed:
                if self.buf:
                    raise ValueError("connection closed inside an HTTP head") from None
                raise
        end = self.buf.index(b"\r\n\r\n") + 4
        raw, self.buf = self.buf[:end], self.buf[end:]
        return raw

    def exactly(self, n):
        while len(self.buf) < n:
            self._fill()
        raw, self.buf = self.buf[:n], self.buf[n:]
        return raw

    def line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        end = self.buf.index(b"\r\n") + 2
        raw, self.buf = self.buf[:end], self.buf[end:]
        return raw

    def chunked(self):
        """A chunked body, raw (chunks, trailers and the final blank line)."""
        parts = []
        while True:
            size_line = self.line()
            parts.append(size_line)
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                while True:
                    trailer = self.line()
                    parts.append(trailer)
                    if trailer == b"\r\n":
                        return b"".join(parts)
            parts.append(self.exactly(size + 2))

    def rest(self):
        """Everything until the peer closes (a response body without length)."""
        parts = [self.buf]
        self.buf = b""
        while True:
            data = self.sock.recv(65536)
            if not data:
                return b"".join(parts)
            parts.append(data)


def parse_head(raw):
    lines = raw.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


def body_of(reader, headers, is_response=False):
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return reader.chunked()
    if "content-length" in headers:
        return reader.exactly(int(headers["content-length"]))
    return reader.rest() if is_response else b""


def describe(headers, body):
    """(service, action) of an AWS request; '-' where unknown."""
    service = "-"
    auth = headers.get("authorization", "")
    if "Credential=" in auth:
        scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
        if len(scope) >= 5:
            service = scope[3]
    action = "-"
    if "x-amz-target" in headers:
        action = headers["x-amz-target"].rsplit(".", 1)[-1]
    elif "x-www-form-urlencoded" in headers.get("content-type", ""):
        values = urllib.parse.parse_qs(body.decode("latin-1")).get("Action")
        if values:
            action = values[0]
    return service, action


class Proxy:
    def __init__(self, upstream, delay, log_path):
        self.upstream, self.delay = upstream, delay
        self.log = open(log_path, "a", buffering=1, encoding="ascii")
        self.log_lock = threading.Lock()

    def record(self, service, action, status):
        with self.log_lock:
            self.log.write(f"{time.time():.3f} {service} {action} {status}\n")
            self.log.flush()

    def serve(self, client):
        upstream = socket.create_connection(self.upstream)
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pending = deque()
        responder = threading.Thread(target=self.responses, args=(upstream, client, pending), daemon=True)
        responder.start()
        requests = Reader(client)
        try:
            while True:
                head = requests.head()
                _, headers = parse_head(head)
                body = body_of(requests, headers)
                pending.append(describe(headers, body))
                if self.delay:
                    time.sleep(self.delay)
                upstream.sendall(head + body)
        except (Closed, OSError, ValueError):
            pass
        finally:
            try:
                upstream.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            responder.join()
            for s in (client, upstream):
                s.close()

    def responses(self, upstream, client, pending):
        replies = Reader(upstream)
        try:
            while True:
                head = replies.head()
                status_line, headers = parse_head(head)
                status = status_line.split(" ")[1] if " " in status_line else "?"
                if status.startswith("1"):
                    client.sendall(head)  # 100 Continue: the real response follows
                    continue
                service, action = pending.popleft() if pending else ("-", "-")
                self.record(service, action, status)
                client.sendall(head)
                client.sendall(body_of(replies, headers, is_response=True))
        except (Closed, OSError, ValueError):
            pass
        finally:
            while pending:
                self.record(*pending.popleft(), "none")
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", required=True, help="moto's host:port")
    parser.add_argument("--log", required=True, help="file that gets one line per request")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--port-file", help="write the listening port here once ready")
    args = parser.parse_args()
    host, port = args.upstream.rsplit(":", 1)
    proxy = Proxy((host, int(port)), args.delay_ms / 1000.0, args.log)

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(listener.getsockname()[1]))
        os.replace(tmp, args.port_file)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=proxy.serve, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
