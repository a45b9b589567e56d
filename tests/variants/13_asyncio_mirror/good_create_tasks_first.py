"""Another style: every task created first, then awaited in turn; a semaphore acquired by hand;
the handler reads with `while data := ...`."""

import asyncio
import time


async def task(i, delay=0.5):
    await asyncio.sleep(delay)
    print(f'Task {i} done')


async def synchronous(n=10, delay=0.5):
    for i in range(n):
        await task(i, delay)


async def asynchronous(n=10, delay=0.5):
    tasks = [asyncio.create_task(task(i, delay)) for i in range(n)]  # all started...
    for t in tasks:  # ...then waited for: the sleeps overlap
        await t
    print('DONE')


async def blocking_mistake(n=3, delay=0.1):
    async def stuck(i):
        time.sleep(delay)
        print(f'Task {i} done')

    await asyncio.gather(*[stuck(i) for i in range(n)])
    print('DONE')


async def handle(reader, writer):
    try:
        while data := await reader.read(1024):
            print(data.decode('utf-8', errors='replace'))
            writer.write(data.upper())
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve(ip, port):
    server = await asyncio.start_server(handle, ip, port)
    async with server:
        await server.serve_forever()


async def bounded_gather(func, items, limit):
    sem = asyncio.Semaphore(limit)

    async def one(item):
        await sem.acquire()
        try:
            return await func(item)
        finally:
            sem.release()

    jobs = [asyncio.create_task(one(item)) for item in items]
    return [await job for job in jobs]
