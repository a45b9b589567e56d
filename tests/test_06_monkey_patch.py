"""06_monkey_patch: patched first, a plain time.sleep yields to the other greenlets.

monkey.patch_all() is process-wide and cannot be undone, so the student's module runs in a fresh
interpreter of its own that nothing patched before it (the `subject`, one per test module), and
main runs there once; several checks read that run. probes.monkey_patch records which greenlet
printed each line and the name of the thread seen there, after moving threading's name counter
on by a hidden amount, so that only names really seen inside the greenlets match. The time is
the judge's (gevent's hub started beforehand, untimed). Where the patch sits is checked on the
source itself: reading it runs nothing.
"""

from __future__ import annotations

import ast
import re

import pytest
from kit import hidden
from kit.schedule import pictured

from kata.checks import CheckFailed, expect, expect_lines, expect_time, fail, read_source, syntax_error

DUMMY = r"(Dummy|DummyThread)-\d+"  # Python 3.10+ spells it Dummy-N, the lesson DummyThread-N

WHY_FIRST_ZH = ("monkey.patch_all() 必须在文件最开头、任何其他 import 之前：补丁只能替换它之后才导入、"
                "才取用的东西。写在它前面的 `from time import sleep`、`import socket` 等拿到的是原来那个"
                "会阻塞整个线程的版本。")
WHY_FIRST_EN = ("monkey.patch_all() must come first in the file, before any other import: the patch "
                "only reaches what is imported and looked up after it. A `from time import sleep` or "
                "`import socket` above it keeps the original, thread-blocking version.")


class Run:
    """main(delay) once, in the subject's fresh interpreter: what it returned, printed and saw, and
    the time the judge measured; or the failure it met, which every check reading it then fails.

    Sleeps never end early, so a wrong answer's time has a floor (3*delay when the sleeps do not
    overlap); the upper bound sits under it, 0.25*delay (25 ms or more) above a right answer's."""

    def __init__(self, subject) -> None:
        self.delay, self.spare = hidden.number(0.1, 0.11), hidden.integer(3, 40)
        subject.call("warm_up")  # gevent's hub starts here, untimed
        try:
            reply = subject.call("main", timeout=5.0, delay=self.delay, spare=self.spare)
        except CheckFailed as failure:
            self.failure = failure
        else:
            self.failure, self.seconds, self.seen = None, reply.seconds, reply.value

    def get(self) -> dict:
        if self.failure is not None:
            raise self.failure.with_traceback(None)  # re-raised by every check: keep it short
        return self.seen

    def pictured(self):
        """A failure inside shows the recorded schedule beside ours (kit/schedule.py)."""
        return pictured(self.get().get("schedule"), "06_monkey_patch", "main", delay=self.delay,
                        spare=self.spare)


@pytest.fixture(scope="module")
def run(subject) -> Run:
    return Run(subject)


def test_prints_as_the_sleeps_end(run):
    """输出顺序：eat food 1、play 1、play 2、eat food 2、主
    prints eat food 1, play 1, play 2, eat food 2, 主 in this order"""
    with run.pictured():
        expect_lines(run.get()["lines"], ["eat food 1", "play 1", "play 2", "eat food 2", "主"],
                     "输出顺序不对。打了补丁的 time.sleep 会让出：eat 睡 2*delay 时 play 开始，play 先睡醒，"
                     "eat 最后醒来；两个协程都结束后才打印 主。如果 eat food 2 在 play 1 之前，说明 time.sleep "
                     "没有被打补丁（漏了 monkey.patch_all()，或者在它之前就 from time import sleep 了）。",
                     "Wrong order. A patched time.sleep yields: while eat sleeps 2*delay, play starts, "
                     "play wakes first and eat last; 主 comes only after both greenlets end. If eat food "
                     "2 comes before play 1, time.sleep was not patched (no monkey.patch_all(), or "
                     "`from time import sleep` before it).")


def test_takes_two_delays_not_three(run):
    """main(delay) 用时约 2*delay（两次睡眠重叠），而不是 3*delay
    main(delay) takes about 2*delay (the sleeps overlap), not 3*delay"""
    run.get()
    d, seconds = run.delay, run.seconds
    with run.pictured():
        expect_time(seconds, at_least=round(2 * d, 3), at_most=round(2.75 * d, 3),
                    zh=f"main({d}) 用了 {seconds:.3f} 秒。eat 睡 {2 * d:g} 秒、play 睡 {d:g} 秒，"
                       f"打了补丁时二者重叠，约 {2 * d:g} 秒；一个接一个则是 {3 * d:g} 秒，说明 time.sleep "
                       "阻塞了整个线程（没打补丁）。少于 2*delay 说明没睡够或没等协程结束。",
                    en=f"main({d}) took {seconds:.3f} s. eat sleeps {2 * d:g} s and play {d:g} s: "
                       f"patched, they overlap, about {2 * d:g} s; one after the other takes {3 * d:g} s, "
                       "a sign that time.sleep blocked the thread (not patched). Under 2*delay means a "
                       "sleep was cut short or the greenlets were not waited for.")


def test_greenlets_see_dummy_threads(run):
    """协程里的 threading.current_thread().name 是假线程名（Dummy-N 或 DummyThread-N）
    inside the greenlets threading.current_thread().name is a dummy thread (Dummy-N or DummyThread-N)"""
    names = run.get()["names"]
    ok = (isinstance(names, list) and len(names) == 2 and len(set(names)) == 2
          and all(isinstance(n, str) and re.fullmatch(DUMMY, n) for n in names))
    expect(ok,
           f"main 应返回两个协程里各自看到的线程名，例如 ['Dummy-7', 'Dummy-8']，实际是 {names!r}。"
           "看到 MainThread 说明 threading 没有被打补丁：monkey.patch_all() 要在文件开头调用。",
           f"main must return the thread name seen inside each of the two greenlets, e.g. "
           f"['Dummy-7', 'Dummy-8']; got {names!r}. MainThread means threading was not patched: "
           "call monkey.patch_all() at the top of the file.")


def _printer(seen: dict, prefix: str, what: str) -> tuple[str, str]:
    """The one gevent greenlet that printed every line starting with prefix, and the thread name
    seen there; fails when there is none, or more than one, or it is the main greenlet."""
    found = {(o["greenlet"], o["gevent"], o["thread_name"]) for o in seen["origins"]
             if o["line"].startswith(prefix)}
    how = ("eat 和 play 要各在自己的协程里运行：gevent.spawn(eat)、gevent.spawn(play)，再一起等待。",
           "eat and play must each run in a greenlet of their own: gevent.spawn(eat), "
           "gevent.spawn(play), then wait for both.")
    expect(found, f"main 没有打印 {what} 的行（{prefix}…）。" + how[0],
           f"main printed no line of {what} ({prefix}...). " + how[1])
    expect(len({label for label, _, _ in found}) == 1,
           f"{what} 的几行来自不同的协程。" + how[0], f"{what}'s lines came from different greenlets. " + how[1])
    (label, is_gevent, name), *_ = found
    expect(label != "main" and is_gevent,
           f"{what} 的行是主协程直接打印的，不是在 gevent 协程里。" + how[0],
           f"{what}'s lines were printed by the main greenlet, not in a gevent greenlet. " + how[1])
    return label, name


def test_names_are_those_seen_in_the_greenlets(run):
    """main 返回的线程名正是打印 eat 和 play 的两个协程里实际看到的线程名
    the names main returns are the thread names really seen inside the two greenlets that print eat and play"""
    seen = run.get()
    eat, eat_name = _printer(seen, "eat food", "eat")
    play, play_name = _printer(seen, "play", "play")
    expect(eat != play, "eat 和 play 的行来自同一个协程：它们要各在自己的协程里运行。",
           "eat's and play's lines came from the same greenlet: each must run in a greenlet of its own.")
    names, want = seen["names"], [eat_name, play_name]
    expect(isinstance(names, list) and sorted(names) == sorted(want),
           f"main 返回了 {names!r}，但打印 eat 和 play 的两个协程里，threading.current_thread().name 实际是 "
           f"{want!r}。要在每个协程里调用 threading.current_thread().name，把看到的名字带回来，"
           "不要返回事先写好的名字。",
           f"main returned {names!r}, but inside the two greenlets that printed eat and play, "
           f"threading.current_thread().name was really {want!r}. Call "
           "threading.current_thread().name inside each greenlet and return what it says, not "
           "names written down in advance.")


# --- where the patch sits: read from the source, nothing runs ------------------------------------

def _is_patch_call(node: ast.AST, monkeys: set[str], packages: set[str], functions: set[str]) -> bool:
    """`monkey.patch_all()`, `gevent.monkey.patch_all()` or `patch_all()`, under any alias."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    func = node.value.func
    if isinstance(func, ast.Name):
        return func.id in functions
    if not (isinstance(func, ast.Attribute) and func.attr == "patch_all"):
        return False
    owner = func.value
    if isinstance(owner, ast.Name):
        return owner.id in monkeys
    return (isinstance(owner, ast.Attribute) and owner.attr == "monkey"
            and isinstance(owner.value, ast.Name) and owner.value.id in packages)


def _imports(node: ast.stmt) -> list[ast.Import | ast.ImportFrom]:
    """Imports a top-level statement runs (function bodies run later, so they are skipped)."""
    found, todo = [], [node]
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            found.append(n)
        elif not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(n))
    return found


def patch_problem(source: str) -> tuple[str, str, ast.AST | None] | None:
    """None when monkey.patch_all() runs before any import but gevent's; else (zh, en, culprit)."""
    tree = ast.parse(source)
    if not any("patch_all" in (getattr(n, "id", None), getattr(n, "attr", None), getattr(n, "name", None))
               for n in ast.walk(tree)):
        return ("文件里没有调用 monkey.patch_all()。", "The file never calls monkey.patch_all().", None)
    monkeys, packages, functions = set(), set(), set()  # names bound to gevent.monkey, gevent, patch_all
    for node in tree.body:
        if _is_patch_call(node, monkeys, packages, functions):
            return None
        for imp in _imports(node):
            if isinstance(imp, ast.ImportFrom) and imp.module == "__future__":
                continue
            modules = ([a.name for a in imp.names] if isinstance(imp, ast.Import)
                       else ["." * imp.level + (imp.module or "")])
            if not all(m == "gevent" or m.startswith("gevent.") for m in modules):
                return (f"第 {imp.lineno} 行的 `{ast.unparse(imp)}` 在 monkey.patch_all() 之前。",
                        f"Line {imp.lineno}, `{ast.unparse(imp)}`, comes before monkey.patch_all().", imp)
            for a in imp.names:
                if isinstance(imp, ast.Import) and a.asname is None:
                    packages.add("gevent")  # `import gevent.monkey` binds the name gevent
                elif isinstance(imp, ast.Import) and a.name == "gevent.monkey":
                    monkeys.add(a.asname)
                elif isinstance(imp, ast.Import) and a.name == "gevent":
                    packages.add(a.asname)
                elif imp.module == "gevent" and a.name == "monkey":
                    monkeys.add(a.asname or "monkey")
                elif imp.module == "gevent.monkey" and a.name == "patch_all":
                    functions.add(a.asname or "patch_all")
    return ("文件顶层没有在导入时就执行的 monkey.patch_all()（放在函数里或 if 块里都太晚了）。",
            "No monkey.patch_all() runs at the top level of the file when it is imported (inside a "
            "function or an if block is too late).", None)


def test_patch_comes_before_any_other_import(source):
    """monkey.patch_all() 在文件最开头，先于任何其他 import
    monkey.patch_all() comes first in the file, before any other import"""
    text = read_source(source)
    try:
        problem = patch_problem(text)
    except SyntaxError as exc:
        raise syntax_error(exc, source) from None
    if problem:
        zh, en, culprit = problem
        frames = [] if culprit is None else [
            {"file": str(source), "line": culprit.lineno, "function": "<module>",
             "code": ast.get_source_segment(text, culprit) or ast.unparse(culprit)}]
        fail(f"{zh}{WHY_FIRST_ZH}", f"{en} {WHY_FIRST_EN}", frames=frames)
