def consumer():
    while True:
        item = yield
        print("eat", item)


def producer(c, n):
    for i in range(n):
        print("make", i)
        c.send(i)


c = consumer()
next(c)
producer(c, 3)
print("done")
