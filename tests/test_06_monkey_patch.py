"""06_monkey_patch: patched first, a plain time.sleep yields to the other greenlets.

monkey.patch_all() is process-wide and cannot be undone, so the student's code runs once, in a
fresh interpreter that nothing patched before it (`isolated`); several checks read that run.
Where the patch sits is checked on the source itself.
"""

from __future__ import annotations

import ast
import re

import pytest

from kata.checks import expect, expect_lines, expect_time, fail

# Sleeps never end early, so a wrong answer's time has a floor; each upper bound sits just under it,
# leaving a right answer all the slack a busy machine needs.
DELAY = 0.1  # eat sleeps 2*DELAY, play DELAY
DUMMY = re.compile(r"(Dummy|DummyThread)-\d+")  # Python 3.11+ spells it Dummy-N

WHY_FIRST_ZH = ("monkey.patch_all() 必须在文件最开头、任何其他 import 之前：补丁只能替换它之后才导入、"
                "才取用的东西。写在它前面的 `from time import sleep`、`import socket` 等拿到的是原来那个"
                "会阻塞整个线程的版本。")
WHY_FIRST_EN = ("monkey.patch_all() must come first in the file, before any other import: the patch "
                "only reaches what is imported and looked up after it. A `from time import sleep` or "
                "`import socket` above it keeps the original, thread-blocking version.")


RUN_MAIN = f"""
import time
import gevent
gevent.get_hub()  # gevent's loop starts before the clock does: main is timed, not gevent's start-up
start = time.perf_counter()
names = m.main({DELAY})
result = {{"names": names, "seconds": time.perf_counter() - start}}
"""


@pytest.fixture(scope="module")
def run(isolated):
    """main(DELAY), once, in a fresh interpreter: the names it returned and the time it took."""
    return isolated(RUN_MAIN, timeout=10)


def test_prints_as_the_sleeps_end(run):
    """输出顺序：eat food 1、play 1、play 2、eat food 2、主
    prints eat food 1, play 1, play 2, eat food 2, 主 in this order"""
    expect_lines(run.lines, ["eat food 1", "play 1", "play 2", "eat food 2", "主"],
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
    seconds = run.value["seconds"]
    expect_time(seconds, at_least=2 * DELAY, at_most=round(2.75 * DELAY, 3),
                zh=f"main({DELAY}) 用了 {seconds:.3f} 秒。eat 睡 {2 * DELAY:g} 秒、play 睡 {DELAY:g} 秒，"
                   f"打了补丁时二者重叠，约 {2 * DELAY:g} 秒；一个接一个则是 {3 * DELAY:g} 秒，说明 time.sleep "
                   "阻塞了整个线程（没打补丁）。少于 2*delay 说明没睡够或没等协程结束。",
                en=f"main({DELAY}) took {seconds:.3f} s. eat sleeps {2 * DELAY:g} s and play "
                   f"{DELAY:g} s: patched, they overlap, about {2 * DELAY:g} s; one after the other "
                   f"takes {3 * DELAY:g} s, a sign that time.sleep blocked the thread (not patched). "
                   "Under 2*delay means a sleep was cut short or the greenlets were not waited for.")


def test_greenlets_see_dummy_threads(run):
    """协程里的 threading.current_thread().name 是假线程名（Dummy-N 或 DummyThread-N）
    inside the greenlets threading.current_thread().name is a dummy thread (Dummy-N or DummyThread-N)"""
    names = run.value["names"]
    ok = (isinstance(names, list) and len(names) == 2 and len(set(names)) == 2
          and all(isinstance(n, str) and DUMMY.fullmatch(n) for n in names))
    expect(ok,
           f"main 应返回两个协程里各自看到的线程名，例如 ['Dummy-1', 'Dummy-2']，实际是 {names!r}。"
           "看到 MainThread 说明 threading 没有被打补丁：monkey.patch_all() 要在文件开头调用。",
           f"main must return the thread name seen inside each of the two greenlets, e.g. "
           f"['Dummy-1', 'Dummy-2']; got {names!r}. MainThread means threading was not patched: "
           "call monkey.patch_all() at the top of the file.")


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
    text = source.read_text(encoding="utf-8")
    try:
        problem = patch_problem(text)
    except SyntaxError as exc:
        fail(f"语法错误：{exc.msg}（第 {exc.lineno} 行）", f"Syntax error: {exc.msg} (line {exc.lineno})",
             kind="syntax", file=str(source), line=exc.lineno, column=exc.offset,
             code=(exc.text or "").rstrip("\n"))
    if problem:
        zh, en, culprit = problem
        frames = [] if culprit is None else [
            {"file": str(source), "line": culprit.lineno, "function": "<module>",
             "code": ast.get_source_segment(text, culprit) or ast.unparse(culprit)}]
        fail(f"{zh}{WHY_FIRST_ZH}", f"{en} {WHY_FIRST_EN}", frames=frames)
