import socket


def client(ip, port, rounds=None):
    sk = socket.socket()
    sk.connect((ip, port))
    while True:
        print(sk.recv(1024).decode('utf-8'))
        sk.send(b'bye')
    sk.close()
