import gevent


def slow_double(x, delay):
    gevent.sleep(delay)
    print("finished", x)
    return 2 * x


jobs = [gevent.spawn(slow_double, 1, 0.3),
        gevent.spawn(slow_double, 2, 0.1),
        gevent.spawn(slow_double, 3, 0.2)]
gevent.joinall(jobs)
print([g.value for g in jobs])
