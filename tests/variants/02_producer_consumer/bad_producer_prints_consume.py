"""fails: test_consume_lines_come_from_consumer_coroutine

Sends every item to a quiet consumer, but the producer prints the consume lines itself: the
output alternates, yet the consumer never says what it received.
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
    gen = consumer_coroutine()
    total = next(gen)
    for i in range(n):
        if verbose:
            print(f'produce {i}')
        total = gen.send(i)
        if verbose:
            print(f'consume {i}')
    return total
