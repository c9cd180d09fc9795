#!/usr/bin/env python3
"""A loopback TCP proxy that misbehaves on purpose, for fault tests (Tools/faults, FaultTests).

    tcp_proxy.py --listen PORT --target PORT [--mode-file FILE]
                 [--cut-response-after BYTES] [--cut-count N] [--trickle BYTES_PER_SECOND] [--stall-after BYTES]

How each new connection is treated is decided when it is accepted, by the first line of --mode-file
(re-read for every connection, so another process switches modes by rewriting it), else by the
options:

  pass          forward both ways untouched
  cut N         after N bytes of the server's answer, reset both connections (a link that dies
                mid-response)
  trickle R     forward the server's bytes at R bytes per second
  trickle-body R  forward the server's answer head (up to the blank line) at once, then its body at
                R bytes per second: each byte is a new body part, so a client's read timeout never
                fires, only a limit on the whole exchange does
  stall N       forward N bytes of the server's answer, then nothing more, keeping the connection open
  refuse        reset the client's connection at once

--cut-response-after applies to the first --cut-count connections (default 1), later ones pass.
The client's bytes always pass untouched. The server being down (connection refused) resets the
client's connection. Prints "ready" once listening, then one line per connection that was not simply
passed ("<unix time> <mode> <event>"); loopback only; runs until killed.
"""
import argparse
import socket
import sys
import threading
import time

_print_lock = threading.Lock()


def say(*words):
    with _print_lock:
        print(f"{time.time():.3f}", *words, flush=True)


def reset(*sockets):
    """Closes with RST rather than FIN: the peer sees the link die, not a clean end."""
    for s in sockets:
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        except OSError:
            pass
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass


def shut(*sockets):
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def pipe(src, dst, mode=("pass",), on_cut=None):
    """Copies src to dst until either end closes; `mode` shapes the bytes (server to client only)."""
    kind = mode[0]
    sent = 0
    head = b"" if kind == "trickle-body" else None
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if kind == "cut" and sent + len(data) >= mode[1]:
                dst.sendall(data[: max(0, mode[1] - sent)])
                on_cut()
                return
            if kind == "stall" and sent + len(data) >= mode[1]:
                dst.sendall(data[: max(0, mode[1] - sent)])
                say("stall", "stalled")
                # Swallow whatever else comes until the client gives up (the other direction then
                # shuts both sockets down, which ends this recv).
                while src.recv(65536):
                    pass
                return
            if kind == "trickle-body" and head is not None:
                head += data
                end = head.find(b"\r\n\r\n")
                if end < 0:
                    dst.sendall(data)
                    sent += len(data)
                    continue
                # The head in full at once; what follows it is trickled.
                rest = head[end + 4 :]
                dst.sendall(data[: len(data) - len(rest)])
                data, head = rest, None
            if kind in ("trickle", "trickle-body"):
                delay = 1.0 / mode[1]
                for i in range(len(data)):
                    dst.sendall(data[i : i + 1])
                    time.sleep(delay)
            else:
                dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    finally:
        shut(src, dst)


def parse_mode(text):
    words = text.split()
    if not words or words[0] == "pass":
        return ("pass",)
    if words[0] == "refuse":
        return ("refuse",)
    if words[0] in ("cut", "trickle", "trickle-body", "stall") and len(words) == 2 and words[1].isdigit():
        value = int(words[1])
        if words[0].startswith("trickle") and value == 0:
            raise ValueError("trickle needs a positive rate")
        return (words[0], value)
    raise ValueError(f"unknown mode: {text!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", type=int, required=True)
    parser.add_argument("--mode-file")
    parser.add_argument("--cut-response-after", type=int)
    parser.add_argument("--cut-count", type=int, default=1)
    parser.add_argument("--trickle", type=int)
    parser.add_argument("--stall-after", type=int)
    args = parser.parse_args()

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", args.listen))
    server.listen(128)
    print("ready", flush=True)
    cuts_left = args.cut_count

    def static_mode():
        nonlocal cuts_left
        if args.cut_response_after is not None and cuts_left > 0:
            cuts_left -= 1
            return ("cut", args.cut_response_after)
        if args.trickle:
            return ("trickle", args.trickle)
        if args.stall_after is not None:
            return ("stall", args.stall_after)
        return ("pass",)

    while True:
        client, _ = server.accept()
        mode = None
        if args.mode_file:
            try:
                with open(args.mode_file) as f:
                    mode = parse_mode(f.readline().strip())
            except FileNotFoundError:
                mode = None
            except ValueError as error:
                print(error, file=sys.stderr, flush=True)
                mode = ("pass",)
        if mode is None:
            mode = static_mode()
        if mode[0] == "refuse":
            say("refuse", "reset")
            reset(client)
            continue
        try:
            upstream = socket.create_connection(("127.0.0.1", args.target), timeout=5)
            upstream.settimeout(None)
        except OSError:
            say(mode[0], "upstream-down")
            reset(client)
            continue
        if mode[0] != "pass":
            say(mode[0], "connection")

        def cut(c=client, u=upstream, m=mode):
            say(m[0], "cut")
            reset(c, u)

        threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client, mode, cut), daemon=True).start()


if __name__ == "__main__":
    main()
