"""Another style: a TaskGroup (Python 3.11+; gather before that), and blocking_mistake's task as a
module-level coroutine function."""

import asyncio
import time


async def task(i, delay=0.5):
    await asyncio.sleep(delay)
    print(f'Task {i} done')


async def synchronous(n=10, delay=0.5):
    for i in range(n):
        await task(i, delay)


async def asynchronous(n=10, delay=0.5):
    if hasattr(asyncio, 'TaskGroup'):  # Python 3.11+
        async with asyncio.TaskGroup() as tg:
            for i in range(n):
                tg.create_task(task(i, delay))
    else:
        await asyncio.gather(*[task(i, delay) for i in range(n)])
    print('DONE')


async def blocked_task(i, delay):
    time.sleep(delay)  # on purpose: the loop stops here
    print(f'Task {i} done')


async def blocking_mistake(n=3, delay=0.1):
    await asyncio.gather(*[blocked_task(i, delay) for i in range(n)])
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
    sem = asyncio.Semaphore(limit)

    async def one(item):
        async with sem:
            return await func(item)

    return await asyncio.gather(*[one(item) for item in items])
