"""03_greenlet_pingpong: explicit switches between greenlets, and one left suspended.

The student's module runs in a process of its own (the `subject`); probes.greenlet_pingpong
records every greenlet switch (greenlet.settrace) and which greenlet printed each line, and
reports plain facts about the greenlets unfinished() returns. The name run() is given is drawn
afresh for every run.
"""

from kit import hidden

from kata.checks import expect, expect_lines


def is_main(label):
    return label is None or label.startswith("main")


def pingpong(name):
    return [f"{name} eat 1", f"{name} play 1", f"{name} eat 2", f"{name} play 2"]


def test_run_prints_eat_and_play_in_turn(subject):
    """run() 交替打印 eat 1、play 1、eat 2、play 2
    run() prints eat 1, play 1, eat 2, play 2 in turn"""
    reply = subject.call("run")
    expect_lines(reply.lines, pingpong("egon"),
                 "顺序应是 eat 1、play 1、eat 2、play 2：每打印一行就 switch 到另一个 greenlet。",
                 "The order must be eat 1, play 1, eat 2, play 2: switch to the other greenlet "
                 "after each line.")


def test_run_passes_the_name_through(subject):
    """run(name) 在每一行都使用传入的名字
    run(name) uses the given name on every line"""
    name = hidden.word()
    reply = subject.call("run", name=name)
    expect_lines(reply.lines, pingpong(name),
                 f"run({name!r}) 的每一行都应使用 {name}：名字要从第一次 switch 传进去，而不是写死成 egon。",
                 f"Every line of run({name!r}) must use {name}: pass the name in with the first "
                 "switch instead of writing egon.")


def test_run_really_switches_between_greenlets(subject):
    """run() 真的在两个 greenlet 之间切换（不是只打印出正确的文字）
    run() really switches between two greenlets (not just printing the right text)"""
    seen = subject.call("run", name=hidden.word()).value
    hops = [pair for pair in seen["switches"] if not any(is_main(g) for g in pair)]
    expect(len(hops) >= 3 and len({g for pair in hops for g in pair}) >= 2,
           f"eat 和 play 之间只看到 {len(hops)} 次 greenlet 切换，至少应有 3 次："
           "用 greenlet(eat)、greenlet(play) 创建它们，再用 switch 来回切换。",
           f"Saw {len(hops)} switch(es) between eat and play, expected at least 3: create them with "
           "greenlet(eat) and greenlet(play) and switch back and forth.", measured=len(hops))


def printers(printed_by, action):
    """The greenlets that printed the `<name> <action> <i>` lines, whatever the name."""
    return sorted({label for line, label in printed_by if line.split()[1:2] == [action]})


def test_run_prints_each_line_from_its_greenlet(subject):
    """eat 的两行由同一个 greenlet 打印，play 的两行由另一个 greenlet 打印
    both eat lines are printed by one greenlet, both play lines by another"""
    printed_by = subject.call("run", name=hidden.word()).value["printed_by"]
    eat, play = printers(printed_by, "eat"), printers(printed_by, "play")
    expect(len(eat) == 1 and len(play) == 1 and eat != play and not any(map(is_main, eat + play)),
           "eat 的行应全部在 eat 的 greenlet 里打印，play 的行全部在 play 的 greenlet 里打印"
           f"（实际：eat 行来自 {eat or '无'}，play 行来自 {play or '无'}；main 是调用 run 的主程序）："
           "每个函数打印自己的行，然后 switch 到对方。",
           "The eat lines must all be printed inside the eat greenlet and the play lines inside "
           f"the play greenlet (seen: eat lines from {eat or 'none'}, play lines from "
           f"{play or 'none'}; main is the code that called run): each function prints its own "
           "lines, then switches to the other.")


def test_unfinished_prints_12_56_34(subject):
    """unfinished() 打印 12、56、34，永远不打印 78
    unfinished() prints 12, 56, 34 and never 78"""
    reply = subject.call("unfinished")
    expect_lines(reply.lines, ["12", "56", "34"],
                 "应打印 12、56、34：test2 切回 test1 之后，没人再切回 test2，所以没有 78。",
                 "Expected 12, 56, 34: after test2 switches back to test1, nobody switches to "
                 "test2 again, so 78 never prints.")


def returned_greenlets(seen):
    """The facts about (gr1, gr2), or the check fails when unfinished() returned something else."""
    greenlets = seen.get("greenlets") or []
    expect(seen["type"] == "tuple" and seen["size"] == 2 and all(g["greenlet"] for g in greenlets),
           f"unfinished() 应返回 (gr1, gr2) 两个 greenlet 组成的元组，实际返回的是 {seen['type']}。",
           f"unfinished() must return the tuple of two greenlets (gr1, gr2), got a {seen['type']}.")
    return greenlets


def test_unfinished_prints_from_gr1_and_gr2(subject):
    """12 和 34 由 gr1 打印，56 由 gr2 打印
    12 and 34 are printed by gr1, 56 by gr2"""
    seen = subject.call("unfinished").value
    gr1, gr2 = (g["label"] for g in returned_greenlets(seen))
    printed_by = dict(seen["printed_by"])

    def who(label):
        if is_main(label):
            return "main"
        return {gr1: "gr1", gr2: "gr2"}.get(label, f"another greenlet ({label})")

    for line, want in (("12", "gr1"), ("56", "gr2"), ("34", "gr1")):
        expect(line in printed_by, f"unfinished() 没有打印 {line}。", f"unfinished() did not print {line}.")
        got = who(printed_by[line])
        expect(got == want,
               f"{line} 应由 {want} 打印，实际由 {got} 打印：test1 打印 12 和 34，test2 打印 56，"
               "它们分别在 gr1 和 gr2 里运行（main 是调用 unfinished 的主程序）。",
               f"{line} must be printed by {want}; {got} printed it: test1 prints 12 and 34, test2 "
               "prints 56, and they run in gr1 and gr2 (main is the code that called unfinished).")


def test_unfinished_leaves_gr2_suspended(subject):
    """unfinished() 返回的 gr2 已经开始运行、被挂起、没有结束
    the gr2 returned by unfinished() was started, is suspended, and is not dead"""
    gr1, gr2 = returned_greenlets(subject.call("unfinished").value)
    expect(gr1["dead"], "gr1 应该已经运行结束（打印 34 之后）。",
           "gr1 must have finished (after printing 34).")
    expect(gr2["active"] and not gr2["dead"],
           "gr2 应该是“开始了但被挂起”：bool(gr2) 为 True 且 gr2.dead 为 False。"
           "一个从未启动的 greenlet 不算没运行完。",
           "gr2 must be started but suspended: bool(gr2) True and gr2.dead False. "
           "A greenlet that never started is not unfinished.")
