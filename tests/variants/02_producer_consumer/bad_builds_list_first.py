"""fails: test_run_yield_keeps_no_list

Builds the whole list, then sends: the output alternates, but a list sits in between.
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
    gen = consumer_coroutine(verbose)
    total = next(gen)
    for i in producer(n):
        if verbose:
            print(f'produce {i}')
        total = gen.send(i)
    return total
