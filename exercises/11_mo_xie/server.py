"""11 默写：服务端 / Write it from memory: the server

不看课文，凭记忆在这个文件里写出 gevent 单线程服务端。
Without looking at the lesson, write the single-threaded gevent server in this file.

要求：
- 文件最开头打补丁：from gevent import monkey; monkey.patch_all()
- serve(ip, port, rounds=None)：在 (ip, port) 上监听，永远 accept；每接受一个连接就
  gevent.spawn 一个协程处理它。
- 每个连接的协程循环：send(b'hello')，recv 对方的回复，print 出来（print(ret) 会显示 b'bye'，
  打印解码后的 bye 也可以）；最后关闭连接。
- rounds 为 None 时一直循环（和课上一样）；否则只循环 rounds 次，然后关闭这个连接。
  对方关闭连接（recv 返回 b''）时也要结束，别原地空转。

Requirements:
- Patch first thing in the file: from gevent import monkey; monkey.patch_all()
- serve(ip, port, rounds=None): listen on (ip, port) and accept forever; spawn a greenlet per
  accepted connection.
- Each connection's greenlet loops: send(b'hello'), recv the reply, print it (print(ret) shows
  b'bye'; printing the decoded bye is just as right); close the connection at the end.
- With rounds None, loop forever (as in the lesson); otherwise loop rounds times, then close
  that connection. Also stop when the peer closes (recv returns b''): never spin in place.
"""
