"""How `companion COMMAND` and a running tray app talk: one package.

address.py   where the running app listens (a unix socket, a named pipe on Windows)
protocol.py  the framing (one JSON line each way), the protocol version, request ids
client.py    the command line's side: send a request, read the answer
server.py    the app's side: one listener per OS (unix.py, pipe.py) behind one InstanceServer
requests.py  the request table: what each request does, checked and carried out

Nothing here imports the windows or the commands; the client side never imports Qt on
POSIX, so `companion log` from a softphone hook stays fast. Submodules are imported
by name: this file imports none of them."""
