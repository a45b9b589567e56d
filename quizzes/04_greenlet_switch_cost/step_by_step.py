from greenlet import greenlet


def f1(n):
    for i in range(n):
        print("f1", i)
        g2.switch()


def f2():
    for i in range(3):
        print("f2", i)
        g1.switch()


g1 = greenlet(f1)
g2 = greenlet(f2)
g1.switch(2)
print("main")
