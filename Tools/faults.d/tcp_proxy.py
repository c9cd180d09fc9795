#!/usr/bin/env python3
"""A loopback TCP proxy that misbehaves on purpose, for fault tests.

    tcp_proxy.py --listen PORT --target PORT [--cut-response-after BYTES] [--cut-count N]
                 [--trickle BYTES_PER_SECOND] [--stall-after BYTES]

--cut-response-after: after forwarding this many bytes from the server to the client, drop both
  connections (a link that dies mid-response); applies to the first N connections (--cut-count,
  default 1), later ones pass untouched.
--trickle: forward server bytes at this rate.  --stall-after: stop forwarding server bytes after
  this many bytes but keep the connection open.
Loopback only; prints "ready" on stdout once listening; runs until killed.
"""
import argparse
import socket
import threading
import time


def pipe(src, dst, limit=None, on_limit=None, rate=None, stall=None):
    sent = 0
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if limit is not None and sent + len(data) >= limit:
                dst.sendall(data[: max(0, limit - sent)])
                on_limit()
                return
            if stall is not None and sent + len(data) >= stall:
                dst.sendall(data[: max(0, stall - sent)])
                while True:
                    time.sleep(3600)
            if rate:
                for i in range(len(data)):
                    dst.sendall(data[i : i + 1])
                    time.sleep(1.0 / rate)
            else:
                dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", type=int, required=True)
    parser.add_argument("--cut-response-after", type=int)
    parser.add_argument("--cut-count", type=int, default=1)
    parser.add_argument("--trickle", type=int)
    parser.add_argument("--stall-after", type=int)
    args = parser.parse_args()

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", args.listen))
    server.listen(64)
    print("ready", flush=True)
    cuts_left = args.cut_count
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection(("127.0.0.1", args.target))
        limit = None
        if args.cut_response_after is not None and cuts_left > 0:
            cuts_left -= 1
            limit = args.cut_response_after

        def cut(c=client, u=upstream):
            for s in (c, u):
                try:
                    # RST rather than FIN: the peer sees the link die, not a clean end.
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                try:
                    s.close()
                except OSError:
                    pass

        threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client, limit, cut, args.trickle, args.stall_after), daemon=True).start()


if __name__ == "__main__":
    main()
