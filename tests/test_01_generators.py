"""01_generators: a generator's body runs only when asked, one yield at a time."""

import inspect

import pytest

from kata.checks import expect, expect_lines


def test_func_is_a_generator_function(topic):
    """func 是生成器函数（函数体里有 yield）
    func is a generator function (its body contains yield)"""
    expect(inspect.isgeneratorfunction(topic.func),
           "func 应该是生成器函数：函数体里要用 yield。",
           "func must be a generator function: use yield in its body.")


def test_calling_func_prints_nothing(topic, capture):
    """调用 func() 时什么都不打印：状态被冻结，直到第一次 next()
    calling func() prints nothing: the body waits for the first next()"""
    topic.func()
    expect_lines(capture.lines(), [],
                 "调用 func() 不应打印任何东西：生成器的函数体要等到 next() 才开始运行。",
                 "Calling func() must print nothing: a generator's body runs only on next().")


@pytest.mark.parametrize("steps", [1, 2, 3])
def test_func_runs_one_step_per_next(topic, capture, steps):
    """每次 next() 只运行到下一个 yield：打印一个数字，产出一个字符串
    each next() runs to the next yield only: one number printed, one string yielded"""
    gen = topic.func()
    got = [next(gen) for _ in range(steps)]
    expect_lines(capture.lines(), [str(i) for i in range(1, steps + 1)],
                 f"调用 {steps} 次 next() 后，打印的内容不对（每次 next 只应打印一行）。",
                 f"After {steps} call(s) of next(), the printed lines are wrong "
                 "(each next prints exactly one line).")
    expect(got == ["aaa", "bbb", "ccc"][:steps],
           f"next() 产出的值应为 {['aaa', 'bbb', 'ccc'][:steps]}，实际是 {got}。",
           f"next() should yield {['aaa', 'bbb', 'ccc'][:steps]}, got {got}.")


def test_func_stops_after_third_value(topic, capture):
    """产出三个值后，再 next() 会抛出 StopIteration
    after three values, next() raises StopIteration"""
    gen = topic.func()
    for _ in range(3):
        next(gen)
    capture.lines()
    with pytest.raises(StopIteration):
        next(gen)
    expect_lines(capture.lines(), [], "第四次 next() 不应再打印。",
                 "The fourth next() must print nothing more.")


def test_echo_first_next_yields_1_silently(topic, capture):
    """echo：第一次 next() 产出 1，不打印
    echo: the first next() yields 1 and prints nothing"""
    first = next(topic.echo())
    expect(first == 1, f"第一次 next() 应产出 1，实际是 {first!r}。",
           f"The first next() must yield 1, got {first!r}.")
    expect_lines(capture.lines(), [], "第一次 next() 不应打印。", "The first next() must not print.")


def test_echo_send_prints_the_value_and_yields_2(topic, capture):
    """echo：send('aaa') 让 yield 表达式得到 'aaa'，打印 `* aaa`，产出 2
    echo: send('aaa') makes the yield evaluate to 'aaa', prints `* aaa`, yields 2"""
    gen = topic.echo()
    next(gen)
    second = gen.send("aaa")
    expect_lines(capture.lines(), ["* aaa"], "send('aaa') 之后应打印 `* aaa`。",
                 "After send('aaa') it must print `* aaa`.")
    expect(second == 2, f"send 应返回下一个产出值 2，实际是 {second!r}。",
           f"send must return the next yielded value, 2; got {second!r}.")


def test_accumulator_first_next_yields_zero(topic):
    """accumulator：第一次 next() 产出 0
    accumulator: the first next() yields 0"""
    first = next(topic.accumulator())
    expect(first == 0, f"第一次 next() 应产出 0，实际是 {first!r}。",
           f"The first next() must yield 0, got {first!r}.")


def test_accumulator_send_yields_running_total(topic):
    """accumulator：每次 send(v) 产出累加后的总和
    accumulator: each send(v) yields the running total"""
    acc = topic.accumulator()
    next(acc)
    totals = [acc.send(v) for v in (5, 10, -3, 0.5)]
    expect(totals == [5, 15, 12, 12.5],
           f"依次 send 5、10、-3、0.5 应得到 [5, 15, 12, 12.5]，实际是 {totals}。",
           f"Sending 5, 10, -3, 0.5 must yield [5, 15, 12, 12.5]; got {totals}.")


def test_accumulators_are_independent(topic):
    """两个 accumulator 各有各的总和（状态保存在生成器里，而不是全局变量里）
    two accumulators keep separate totals (state lives in the generator, not in a global)"""
    a, b = topic.accumulator(), topic.accumulator()
    next(a), next(b)
    a.send(100)
    got = b.send(1)
    expect(got == 1, f"第二个 accumulator send(1) 应产出 1，实际是 {got!r}：是不是用了全局变量？",
           f"A second accumulator's send(1) must yield 1, got {got!r}: is the total a global?")
