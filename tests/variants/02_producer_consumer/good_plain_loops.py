"""A right answer written differently: explicit loops, a while-based producer, no f-strings."""


def producer(n):
    out = []
    i = 0
    while i < n:
        out.append(i)
        i += 1
    return out


def consumer(items):
    total = 0
    for item in items:
        total += item
    return total


def run_serial(n):
    data = producer(n)
    return consumer(data)


def consumer_coroutine(verbose=False):
    running = 0
    while True:
        received = yield running
        if verbose:
            print('consume', received)
        running = running + received


def run_yield(n, verbose=False):
    worker = consumer_coroutine(verbose=verbose)
    worker.send(None)
    result = 0
    i = 0
    while i < n:
        if verbose:
            print('produce', i)
        result = worker.send(i)
        i += 1
    return result
