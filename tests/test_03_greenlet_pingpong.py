"""03_greenlet_pingpong: explicit switches between greenlets, and one left suspended."""

import greenlet
import pytest

from kata.checks import expect, expect_lines


@pytest.fixture
def switches():
    """Every real greenlet switch made during the test, as (origin, target) pairs."""
    seen = []

    def trace(event, args):
        if event in ("switch", "throw"):
            seen.append(args)

    previous = greenlet.settrace(trace)
    yield seen
    greenlet.settrace(previous)


def between_greenlets(seen):
    """Switches from one non-main greenlet to another (not to or from the caller)."""
    main = greenlet.getcurrent()
    return [(a, b) for a, b in seen if a is not main and b is not main]


def test_run_prints_eat_and_play_in_turn(topic, capture):
    """run() 交替打印 eat 1、play 1、eat 2、play 2
    run() prints eat 1, play 1, eat 2, play 2 in turn"""
    topic.run()
    expect_lines(capture.lines(), ["egon eat 1", "egon play 1", "egon eat 2", "egon play 2"],
                 "顺序应是 eat 1、play 1、eat 2、play 2：每打印一行就 switch 到另一个 greenlet。",
                 "The order must be eat 1, play 1, eat 2, play 2: switch to the other greenlet "
                 "after each line.")


def test_run_passes_the_name_through(topic, capture):
    """run('alex') 在每一行都使用传入的名字
    run('alex') uses the given name on every line"""
    topic.run("alex")
    expect_lines(capture.lines(), ["alex eat 1", "alex play 1", "alex eat 2", "alex play 2"],
                 "名字要从第一次 switch 传进去，而不是写死成 egon。",
                 "Pass the name in with the first switch instead of writing egon.")


def test_run_really_switches_between_greenlets(topic, capture, switches):
    """run() 真的在两个 greenlet 之间切换（不是只打印出正确的文字）
    run() really switches between two greenlets (not just printing the right text)"""
    topic.run()
    hops = between_greenlets(switches)
    expect(len(hops) >= 3 and len({g for pair in hops for g in pair}) >= 2,
           f"eat 和 play 之间只看到 {len(hops)} 次 greenlet 切换，至少应有 3 次："
           "用 greenlet(eat)、greenlet(play) 创建它们，再用 switch 来回切换。",
           f"Saw {len(hops)} switch(es) between eat and play, expected at least 3: create them with "
           "greenlet(eat) and greenlet(play) and switch back and forth.")


def test_unfinished_prints_12_56_34(topic, capture):
    """unfinished() 打印 12、56、34，永远不打印 78
    unfinished() prints 12, 56, 34 and never 78"""
    topic.unfinished()
    expect_lines(capture.lines(), ["12", "56", "34"],
                 "应打印 12、56、34：test2 切回 test1 之后，没人再切回 test2，所以没有 78。",
                 "Expected 12, 56, 34: after test2 switches back to test1, nobody switches to "
                 "test2 again, so 78 never prints.")


def test_unfinished_leaves_gr2_suspended(topic, capture):
    """unfinished() 返回的 gr2 已经开始运行、被挂起、没有结束
    the gr2 returned by unfinished() was started, is suspended, and is not dead"""
    result = topic.unfinished()
    expect(isinstance(result, tuple) and len(result) == 2
           and all(isinstance(g, greenlet.greenlet) for g in result),
           f"unfinished() 应返回 (gr1, gr2) 两个 greenlet，实际是 {result!r}。",
           f"unfinished() must return the two greenlets (gr1, gr2), got {result!r}.")
    gr1, gr2 = result
    expect(gr1.dead, "gr1 应该已经运行结束（打印 34 之后）。",
           "gr1 must have finished (after printing 34).")
    expect(bool(gr2) and not gr2.dead,
           "gr2 应该是“开始了但被挂起”：bool(gr2) 为 True 且 gr2.dead 为 False。"
           "一个从未启动的 greenlet 不算没运行完。",
           "gr2 must be started but suspended: bool(gr2) True and gr2.dead False. "
           "A greenlet that never started is not unfinished.")
