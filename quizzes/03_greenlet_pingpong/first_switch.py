from greenlet import greenlet


def ping(name):
    print(name, "ping 1")
    g2.switch("bob")
    print(name, "ping 2")
    g2.switch()


def pong(name):
    print(name, "pong 1")
    g1.switch()
    print(name, "pong 2")


g1 = greenlet(ping)
g2 = greenlet(pong)
g1.switch("ann")
print("main")
