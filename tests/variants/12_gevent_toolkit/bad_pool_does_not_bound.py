"""fails: test_bounded_map_never_runs_more_than_limit_at_once test_bounded_map_uses_a_pool_of_size_limit test_bounded_map_takes_about_ceil_n_over_limit_rounds

A pool that does not bound: Pool() without a size lets every call run at once."""

import time

import gevent
from gevent.event import Event
from gevent.lock import BoundedSemaphore
from gevent.pool import Pool
from gevent.queue import Queue


def bounded_map(func, items, limit):
    pool = Pool()  # forgot the size: no limit at all
    jobs = [pool.spawn(func, item) for item in items]
    gevent.joinall(jobs)
    return [job.value for job in jobs]


def pipeline(items, work, workers=3):
    items = list(items)
    q = Queue()
    results = [None] * len(items)

    def produce():
        for job in enumerate(items):
            q.put(job)
        for _ in range(workers):
            q.put(None)

    def consume():
        while True:
            job = q.get()
            if job is None:
                return
            i, item = job
            results[i] = work(item)

    gevent.joinall([gevent.spawn(produce)] + [gevent.spawn(consume) for _ in range(workers)])
    return results


def starting_gun(n, delay):
    gun = Event()
    woke = []

    def runner():
        gun.wait()
        woke.append(time.perf_counter())

    runners = [gevent.spawn(runner) for _ in range(n)]
    gevent.sleep(delay)
    gun.set()
    gevent.joinall(runners)
    return woke


def with_deadline(func, seconds, default=None):
    with gevent.Timeout(seconds, False):
        return func()
    return default


def guarded(n, k, hold):
    sem = BoundedSemaphore(k)
    inside = most = 0

    def visitor():
        nonlocal inside, most
        with sem:
            inside += 1
            most = max(most, inside)
            gevent.sleep(hold)
            inside -= 1

    gevent.joinall([gevent.spawn(visitor) for _ in range(n)])
    return most
