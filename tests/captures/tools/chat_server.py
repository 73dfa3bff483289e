#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tiny websocket chat server (python3-websockets, legacy asyncio API).

The first text message of a client is its nickname; every later message is
broadcast to all connected clients as "<nick>: <text>".  Binary messages are
echoed back to all clients unchanged.  Compression is disabled so that the
payloads are readable in captures.

usage: chat_server.py HOST PORT
"""
import asyncio
import sys

import websockets

CLIENTS = set()


async def handler(ws, path=None):
    nick = None
    CLIENTS.add(ws)
    try:
        async for msg in ws:
            if isinstance(msg, bytes):
                websockets.broadcast(CLIENTS, msg)
                continue
            if nick is None:
                nick = msg
                websockets.broadcast(CLIENTS, "* %s joined" % nick)
                continue
            websockets.broadcast(CLIENTS, "%s: %s" % (nick, msg))
    finally:
        CLIENTS.discard(ws)


async def main(host, port):
    async with websockets.serve(handler, host, port, compression=None,
                                ping_interval=None):
        print("ready", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
