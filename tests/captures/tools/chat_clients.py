#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two websocket chat clients talking through the proxy, in a fixed order.

client one: nickname "mynick", then "hi, all !"
client two: nickname "bob", then "hello mynick"
With --extras, client one also sends a ping (answered by a pong) and a
binary message before closing.  Both clients close cleanly (close frames).

usage: chat_clients.py URL [--extras]
"""
import asyncio
import sys

import websockets


async def drain(ws, n):
    out = []
    for _ in range(n):
        out.append(await asyncio.wait_for(ws.recv(), 5))
    return out


async def main(url, extras):
    kw = dict(compression=None, ping_interval=None)
    one = await websockets.connect(url, **kw)
    await one.send("mynick")
    await drain(one, 1)                       # "* mynick joined"
    two = await websockets.connect(url, **kw)
    await two.send("bob")
    await drain(one, 1)
    await drain(two, 1)                       # "* bob joined"
    await asyncio.sleep(0.1)
    await one.send("hi, all !")
    await drain(one, 1)
    await drain(two, 1)
    await asyncio.sleep(0.1)
    await two.send("hello mynick")
    await drain(one, 1)
    await drain(two, 1)
    if extras:
        await asyncio.sleep(0.1)
        pong = await one.ping(b"trawl-ping")
        await asyncio.wait_for(pong, 5)
        await asyncio.sleep(0.1)
        await one.send(bytes(range(16)))
        await drain(one, 1)
        await drain(two, 1)
    await asyncio.sleep(0.1)
    await one.close(1000, "bye")
    await asyncio.sleep(0.1)
    await two.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], "--extras" in sys.argv[2:]))
