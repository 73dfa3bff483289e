# SPDX-License-Identifier: GPL-3.0-or-later
"""WebSocket traffic for reassembly tests (make-stream-captures.sh).

usage: ws_big.py server HOST PORT | client URI
The server echoes every message; the client sends a short text, a text
and a binary message bigger than one TCP segment, and a message in three
fragments (continuation frames), then closes.  No compression: Trawl does
not inflate permessage-deflate yet.
"""
import asyncio
import sys

import websockets


async def echo(ws, path=None):
    async for msg in ws:
        await ws.send(msg)


async def server(host, port):
    async with websockets.serve(echo, host, port, compression=None, ping_interval=None):
        print("ready", flush=True)
        await asyncio.Future()


async def client(uri):
    async with websockets.connect(uri, compression=None, ping_interval=None) as ws:
        await ws.send("hello, big world")
        await ws.recv()
        text = "".join("message line %04d with some words in it\n" % i for i in range(150))
        await ws.send(text)
        await ws.recv()
        await ws.send(bytes(range(256)) * 12)
        await ws.recv()
        await ws.send(["fragment one, ", "fragment two, ", "fragment three"])
        await ws.recv()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        asyncio.run(server(sys.argv[2], int(sys.argv[3])))
    else:
        asyncio.run(client(sys.argv[2]))
