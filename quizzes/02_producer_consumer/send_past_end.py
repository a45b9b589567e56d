def consumer():
    for _ in range(2):
        item = yield
        print("eat", item)


c = consumer()
next(c)
for i in range(3):
    c.send(i)
print("done")
