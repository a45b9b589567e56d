import socket


def client(ip, port, rounds=None):
    sk = socket.socket()
    sk.connect((ip, port))
    n = 0
    while rounds is None or n < rounds:
        sk.recv(1024)
        print("hello")
        sk.send(b"bye")
        n += 1
    sk.close()
