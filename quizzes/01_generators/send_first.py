def echo():
    while True:
        word = yield
        print("got", word)


e = echo()
e.send("hi")
print("sent")
