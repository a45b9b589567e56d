import time

from greenlet import greenlet

N = 200_000


def f1(switch):
    total = 0
    for i in range(N):
        total += i
        if switch:
            g2.switch()


def f2():
    while True:
        g1.switch()


start = time.perf_counter()
f1(False)
plain = time.perf_counter() - start
g1, g2 = greenlet(f1), greenlet(f2)
start = time.perf_counter()
g1.switch(True)
print("plain faster" if plain < time.perf_counter() - start else "switching faster")
