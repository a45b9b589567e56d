"""02 串行执行 vs 基于 yield 并发执行 / Serial vs yield-based hand-over

串行：生产者先把全部数据做成一个列表，消费者再一次性处理。基于 yield：消费者是一个暂停在
yield 处的生成器，生产者每做出一个数据就 send 过去，两个任务“你一次我一次”地交替运行，
中间不需要列表。这就是单线程里“切换 + 保存状态”的并发。但要记住：对纯计算来说，
切换本身不会让程序更快，两种写法耗时差不多。

Serial: the producer builds the whole list, then the consumer processes it. With yield, the
consumer is a generator paused at its yield, and the producer sends each item over as soon as
it is made: the two tasks take turns ("you once, me once") with no list in between. That is
concurrency in one thread: switching plus saved state. But for pure computation, switching buys
no speed: both versions take about as long.

任务：按各自的文档字符串写出下面的函数。
Task: write the functions below as their docstrings say.
"""


def producer(n):
    """生产数据：返回 range(n) 组成的列表。

    Produce the data: return range(n) as a list.
    """
    return list(range(n))


def consumer(items):
    """处理数据：返回 items 的总和。

    Consume the data: return the sum of items.
    """
    return sum(items)


def run_serial(n):
    """串行：先生产全部数据，再消费，返回总和。

    Serial: produce everything first, then consume it; return the sum.
    """
    return consumer(producer(n))


def consumer_coroutine(verbose=False):
    """消费者协程：用 next() 启动后产出 0；之后每次 send(item) 都累加并产出当前总和。

    verbose=True 时，每收到一个 item 打印 `consume <item>`。

    Consumer coroutine: primed with next() it yields 0; each send(item) adds the item and
    yields the running sum. With verbose=True it prints `consume <item>` for each item.
    """
    total = 0
    while True:
        item = yield total
        if verbose:
            print(f'consume {item}')
        total += item


def run_yield(n, verbose=False):
    """基于 yield：逐个生产 0..n-1，每生产一个就 send 给 consumer_coroutine 生成的消费者，
    中间不攒成列表；返回总和。verbose=True 时，生产前打印 `produce <i>`，于是输出是
    produce / consume 交替出现；默认（verbose=False）什么都不打印。

    Yield-based: make 0..n-1 one at a time and send each to the consumer made by
    consumer_coroutine as soon as it is made, with no list in between; return the sum. With
    verbose=True, print `produce <i>` before each send, so the output alternates produce /
    consume; by default (verbose=False) print nothing.
    """
    consume = consumer_coroutine(verbose)
    total = next(consume)  # 启动：运行到第一个 yield / prime it: run to the first yield
    for i in range(n):
        if verbose:
            print(f'produce {i}')
        total = consume.send(i)
    consume.close()
    return total
