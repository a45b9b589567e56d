import socket
import threading
from socketserver import BaseRequestHandler, ThreadingTCPServer

seen = set()


class Echo(BaseRequestHandler):
    def handle(self):
        seen.add(threading.get_native_id())
        self.request.send(self.request.recv(1024).upper())


def client(port, word):
    with socket.create_connection(("127.0.0.1", port)) as c:
        c.send(word)
        c.recv(1024)


with ThreadingTCPServer(("127.0.0.1", 0), Echo) as server:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    clients = [threading.Thread(target=client, args=(server.server_address[1], w)) for w in (b"a", b"b", b"c")]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
print("server threads:", len(seen))
