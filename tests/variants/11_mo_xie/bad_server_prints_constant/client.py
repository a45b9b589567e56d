import socket


def client(ip, port, rounds=None):
    sk = socket.socket()
    sk.connect((ip, port))
    n = 0
    while rounds is None or n < rounds:
        print(sk.recv(1024).decode("utf-8"))
        sk.send(b"bye")
        n += 1
    sk.close()
