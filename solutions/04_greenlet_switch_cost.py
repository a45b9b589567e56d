"""04 单纯的切换反而会降低执行速度 / Switching alone makes code slower

f1 做加法，f2 做乘法，都是纯计算、没有任何 IO。顺序执行：先跑完 f1 再跑完 f2。切换执行：
f1 每做一步就切到 f2，f2 每做一步再切回 f1。结果完全一样，但每次切换都要保存和恢复执行
状态，所以切换版慢得多。协程提高效率靠的是“遇到 IO 就切走”，不是切换本身。

f1 adds, f2 multiplies: pure computation, no IO at all. Sequential: run f1 to the end, then f2.
Switching: f1 switches to f2 after every step, and f2 switches back after each of its own. The
results are identical, but every switch saves and restores an execution state, so the switching
version is much slower. Coroutines win by switching away on IO, not by switching as such.

任务：按各自的文档字符串写出 sequential(n) 和 switching(n)。
Task: write sequential(n) and switching(n) as their docstrings say.
"""

from greenlet import greenlet


def sequential(n):
    """先运行 f1（res 从 1 开始，res += i），再运行 f2（res 从 1 开始，res *= i），i 取 0..n-1。
    返回 (f1 的结果, f2 的结果)。

    Run f1 (res starts at 1, res += i), then f2 (res starts at 1, res *= i), for i in 0..n-1.
    Return (f1's result, f2's result).
    """
    def f1():
        res = 1
        for i in range(n):
            res += i
        return res

    def f2():
        res = 1
        for i in range(n):
            res *= i
        return res

    return f1(), f2()


def switching(n):
    """和 sequential 做同样的计算，但 f1、f2 是两个 greenlet，每做一步就直接 switch 到对方
    （不经过调用者），一共约 2n 次切换。返回 (f1 的结果, f2 的结果)。

    The same computation as sequential, but f1 and f2 are greenlets that switch straight to
    each other (not through the caller) after every step: about 2n switches in all. Return
    (f1's result, f2's result).
    """
    results = {}

    def f1():
        res = 1
        for i in range(n):
            res += i
            g2.switch()
        results['f1'] = res

    def f2():
        res = 1
        for i in range(n):
            res *= i
            g1.switch()
        results['f2'] = res

    g1 = greenlet(f1)
    g2 = greenlet(f2)
    g1.switch()  # f1 结束时回到这里，f2 还停在最后一次 switch / f1 ends here; f2 waits at its last switch
    g2.switch()  # 让 f2 跑完 / let f2 finish
    return results['f1'], results['f2']
