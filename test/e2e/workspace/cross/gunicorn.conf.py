wsgi_app = "chat:socketio_app"
bind = "127.0.0.1:5301"
worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
workers = 1
