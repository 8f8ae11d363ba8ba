# gunicorn -c gunicorn.conf.py: one gevent-websocket worker for the Socket.IO app.
wsgi_app = "chat:app"
bind = "127.0.0.1:8000"
worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
workers = 1
