from greenlet import greenlet


def first():
    print("A")
    g2.switch()
    print("B")


def second():
    print("C")
    g1.switch()
    print("D")


g1 = greenlet(first)
g2 = greenlet(second)
g1.switch()
print("end")
