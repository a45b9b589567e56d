from greenlet import greenlet


def task():
    print("task starts")
    main.switch()
    print("task ends")


main = greenlet.getcurrent()
g = greenlet(task)
g.switch()
print("dead?", g.dead)
