def countdown(n):
    print("start")
    while n > 0:
        yield n
        n -= 1
    print("end")


gen = countdown(2)
print("made")
print(next(gen))
print(next(gen))
print("after")
