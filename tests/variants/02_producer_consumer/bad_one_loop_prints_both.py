"""fails: test_run_yield_sends_each_item_to_consumer_coroutine test_consume_lines_come_from_consumer_coroutine

One loop prints both lines and sums by itself: the right output and total, but consumer_coroutine
is never used, so nothing is handed over with send.
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
    total = 0
    for i in range(n):
        if verbose:
            print(f'produce {i}')
            print(f'consume {i}')
        total += i
    return total
