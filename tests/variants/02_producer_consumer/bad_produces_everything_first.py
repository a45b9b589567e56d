"""fails: test_run_yield_verbose_alternates test_run_yield_keeps_no_list

Produces (and prints) everything first, then consumes: serial again, in disguise.
"""


def producer(n):
    return list(range(n))


def consumer(items):
    return sum(items)


def run_serial(n):
    return consumer(producer(n))


def consumer_coroutine(verbose=False):
    total = 0
    while True:
        item = yield total
        if verbose:
            print(f'consume {item}')
        total += item


def run_yield(n, verbose=False):
    items = []
    for i in range(n):
        if verbose:
            print(f'produce {i}')
        items.append(i)
    gen = consumer_coroutine(verbose)
    total = next(gen)
    for i in items:
        total = gen.send(i)
    return total
