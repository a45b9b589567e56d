import threading

from greenlet import greenlet

seen = set()


def f1():
    for _ in range(3):
        seen.add(threading.get_native_id())
        g2.switch()


def f2():
    while True:
        seen.add(threading.get_native_id())
        g1.switch()


g1, g2 = greenlet(f1), greenlet(f2)
g1.switch()
print("OS threads:", len(seen))
