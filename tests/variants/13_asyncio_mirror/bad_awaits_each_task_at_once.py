"""fails: test_asynchronous_tasks_sleep_at_the_same_time test_asynchronous_takes_about_one_delay test_asynchronous_is_about_n_times_faster

Awaiting each task as soon as it is created: tasks, yes, but one after another."""

import asyncio
import time


async def task(i, delay=0.5):
    await asyncio.sleep(delay)
    print(f'Task {i} done')


async def synchronous(n=10, delay=0.5):
    for i in range(n):
        await task(i, delay)


async def asynchronous(n=10, delay=0.5):
    for i in range(n):
        await asyncio.create_task(task(i, delay))
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
    sem = asyncio.Semaphore(limit)

    async def one(item):
        async with sem:
            return await func(item)

    return await asyncio.gather(*[one(item) for item in items])
