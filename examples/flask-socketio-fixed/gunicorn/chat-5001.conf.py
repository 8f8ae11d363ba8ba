# chat.example.com, second of two gunicorn instances behind the `socketio_nodes` upstream
# (nginx keeps each client on one of them with ip_hash; a Redis message queue joins them).
# One worker per instance: Socket.IO sessions live in the worker's memory.
wsgi_app = "chat:app"
bind = "127.0.0.1:5001"
worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
workers = 1
