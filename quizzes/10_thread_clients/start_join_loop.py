import socket
import threading
import time


def client(server, word):
    with socket.create_connection(server.getsockname()) as c:
        c.send(word.encode())
        conn, _ = server.accept()
        with conn:
            print(word, "->", conn.recv(1024).decode().upper())
        time.sleep(0.3)


server = socket.create_server(("127.0.0.1", 0))
for word in ("a", "b", "c", "d"):
    t = threading.Thread(target=client, args=(server, word))
    t.start()
    t.join()
