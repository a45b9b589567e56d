import gevent


def count(name):
    for i in range(2):
        print(name, i)
        gevent.sleep(0)


gevent.joinall([gevent.spawn(count, "x"), gevent.spawn(count, "y")])
print("main")
