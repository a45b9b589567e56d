"""fails: test_bounded_gather_queues_on_an_asyncio_semaphore

Batches of `limit` instead of a semaphore: each batch waits for its slowest call while items wait."""

import asyncio
import time


async def task(i, delay=0.5):
    await asyncio.sleep(delay)
    print(f'Task {i} done')


async def synchronous(n=10, delay=0.5):
    for i in range(n):
        await task(i, delay)


async def asynchronous(n=10, delay=0.5):
    await asyncio.gather(*[task(i, delay) for i in range(n)])
    print('DONE')


async def blocking_mistake(n=3, delay=0.1):
    async def stuck(i):
        time.sleep(delay)
        print(f'Task {i} done')

    await asyncio.gather(*[stuck(i) for i in range(n)])
    print('DONE')


async def handle(reader, writer):
    try:
        while True:
            data = await reader.read(1024)
            if not data:
                break
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
    items = list(items)
    results = []
    for start in range(0, len(items), limit):
        results += await asyncio.gather(*[func(item) for item in items[start:start + limit]])
    return results
