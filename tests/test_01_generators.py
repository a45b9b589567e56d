"""01_generators: a generator's body runs only when asked, one yield at a time.

The student's module runs in a process of its own (the `subject`); probes.generators drives it
and reports what each step printed (at the file-descriptor level: print, a bound `stdout` and
os.write all count) and produced. The values sent in are drawn afresh for every run.
"""

import pytest
from kit import hidden

from kata.checks import expect, expect_lines

STEPS = [("aaa", "1"), ("bbb", "2"), ("ccc", "3")]  # func's yields and prints, fixed by the course


@pytest.mark.parametrize("name", ["func", "echo", "accumulator"])
def test_is_a_generator_function(subject, name):
    """func、echo、accumulator 都是生成器函数（函数体里有 yield）
    func, echo and accumulator are generator functions (their bodies contain yield)"""
    kinds = subject.call("kinds").value
    expect(kinds.get(name) is True,
           f"{name} 应该是生成器函数：函数体里要用 yield。",
           f"{name} must be a generator function: use yield in its body.")


def test_calling_func_prints_nothing(subject):
    """调用 func() 时什么都不打印：状态被冻结，直到第一次 next()
    calling func() prints nothing: the body waits for the first next()"""
    seen = subject.call("func_steps", steps=0).value
    expect_lines(seen["printed"][0], [],
                 "调用 func() 不应打印任何东西：生成器的函数体要等到 next() 才开始运行。",
                 "Calling func() must print nothing: a generator's body runs only on next().")


@pytest.mark.parametrize("step", [1, 2, 3])
def test_each_next_prints_one_number_and_yields_one_string(subject, step):
    """每次 next() 只运行到下一个 yield：打印一个数字，产出一个字符串
    each next() runs to the next yield only: one number printed, one string yielded"""
    seen = subject.call("func_steps", steps=step).value
    value, number = STEPS[step - 1]
    expect_lines(seen["printed"][step], [number],
                 f"第 {step} 次 next() 应只打印 {number}（每次 next 只运行到下一个 yield）。",
                 f"The next() number {step} must print {number} only (each next runs to the "
                 "following yield and stops there).")
    got = seen["values"][step - 1]
    expect(got == value, f"第 {step} 次 next() 应产出 {value!r}，实际是 {got!r}。",
           f"The next() number {step} must yield {value!r}, got {got!r}.")


def test_func_stops_after_third_value(subject):
    """产出三个值后，再 next() 会抛出 StopIteration，不再打印
    after three values, next() raises StopIteration and prints nothing more"""
    seen = subject.call("func_end").value
    expect(seen["stopped"],
           f"第四次 next() 应抛出 StopIteration（生成器结束了），实际产出了 {seen.get('value')!r}。",
           f"The fourth next() must raise StopIteration (the generator is done); it yielded "
           f"{seen.get('value')!r}.")
    expect_lines(seen["printed"], [], "第四次 next() 不应再打印。",
                 "The fourth next() must print nothing more.")


def test_echo_first_next_yields_1_silently(subject):
    """echo：第一次 next() 产出 1，不打印
    echo: the first next() yields 1 and prints nothing"""
    seen = subject.call("echo_first").value
    expect(seen["value"] == 1, f"第一次 next() 应产出 1，实际是 {seen['value']!r}。",
           f"The first next() must yield 1, got {seen['value']!r}.")
    expect_lines(seen["printed"], [], "第一次 next() 不应打印。", "The first next() must not print.")


def test_echo_send_prints_the_value_and_yields_2(subject):
    """echo：send(x) 让 yield 表达式得到 x，打印 `* x`，产出 2
    echo: send(x) makes the yield evaluate to x, prints `* x`, yields 2"""
    word = hidden.word()
    seen = subject.call("echo_send", word=word).value
    expect_lines(seen["printed"], [f"* {word}"], f"send({word!r}) 之后应打印 `* {word}`。",
                 f"After send({word!r}) it must print `* {word}`.")
    expect(seen["value"] == 2, f"send 应返回下一个产出值 2，实际是 {seen['value']!r}。",
           f"send must return the next yielded value, 2; got {seen['value']!r}.")


def test_accumulator_first_next_yields_zero(subject):
    """accumulator：第一次 next() 产出 0
    accumulator: the first next() yields 0"""
    first = subject.call("accumulate", values=[]).value[0]
    expect(first == 0, f"第一次 next() 应产出 0，实际是 {first!r}。",
           f"The first next() must yield 0, got {first!r}.")


def test_accumulator_send_yields_running_total(subject):
    """accumulator：每次 send(v) 产出累加后的总和
    accumulator: each send(v) yields the running total"""
    values = hidden.integers(4, -50, 100)
    totals = subject.call("accumulate", values=values).value[1:]
    want = [sum(values[:i + 1]) for i in range(len(values))]
    expect(totals == want,
           f"依次 send {values} 应得到 {want}，实际是 {totals}。",
           f"Sending {values} in turn must yield {want}; got {totals}.")


def test_accumulators_are_independent(subject):
    """两个 accumulator 各有各的总和（状态保存在生成器里，而不是全局变量里）
    two accumulators keep separate totals (state lives in the generator, not in a global)"""
    first, second = hidden.integer(100, 200), hidden.integer(1, 99)
    got = subject.call("two_accumulators", first=first, second=second).value
    expect(got == second,
           f"一个 accumulator send({first}) 之后，另一个 send({second}) 应产出 {second}，实际是 {got!r}："
           "是不是用了全局变量？",
           f"After one accumulator got send({first}), another's send({second}) must yield {second}, "
           f"got {got!r}: is the total a global?")
