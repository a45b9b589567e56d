def doubler():
    total = 0
    while True:
        x = yield total
        total += 2 * x
        print("add", x)


d = doubler()
print(next(d))
print(d.send(3))
print(d.send(4))
