def numbers(n):
    for i in range(n):
        print("make", i)
        yield i


def squares(source):
    for x in source:
        print("square", x)
        yield x * x


for s in squares(numbers(2)):
    print("got", s)
