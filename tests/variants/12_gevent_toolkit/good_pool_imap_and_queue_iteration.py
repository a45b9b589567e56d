"""Another style: Pool.imap, a queue read with `for`, gevent.with_timeout, acquire/release by hand."""

import time

import gevent
from gevent.event import Event
from gevent.lock import BoundedSemaphore
from gevent.pool import Group, Pool
from gevent.queue import JoinableQueue


def bounded_map(func, items, limit):
    return list(Pool(limit).imap(func, items))  # imap keeps the input order


def pipeline(items, work, workers=3):
    items = list(items)
    q = JoinableQueue(maxsize=workers)  # a bounded queue: the producer waits for room
    results = {}

    def produce():
        for i, item in enumerate(items):
            q.put((i, item))
        for _ in range(workers):
            q.put(StopIteration)  # ends each consumer's `for` loop

    def consume():
        for i, item in q:
            results[i] = work(item)

    crew = Group()
    crew.spawn(produce)
    for _ in range(workers):
        crew.spawn(consume)
    crew.join()
    return [results[i] for i in range(len(items))]


def starting_gun(n, delay):
    go = Event()
    times = []
    crowd = Group()
    for _ in range(n):
        crowd.spawn(lambda: (go.wait(), times.append(time.perf_counter())))
    gevent.sleep(delay)
    go.set()
    crowd.join()
    return times


def with_deadline(func, seconds, default=None):
    return gevent.with_timeout(seconds, func, timeout_value=default)


def guarded(n, k, hold):
    sem = BoundedSemaphore(k)
    counts = {"now": 0, "most": 0}

    def visitor():
        sem.acquire()
        try:
            counts["now"] += 1
            counts["most"] = max(counts["most"], counts["now"])
            gevent.sleep(hold)
            counts["now"] -= 1
        finally:
            sem.release()

    gevent.joinall([gevent.spawn(visitor) for _ in range(n)])
    return counts["most"]
