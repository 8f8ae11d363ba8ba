# dashboard.example.com: one python-socketio instance behind the `dashboard_nodes` upstream.
wsgi_app = "dashboard:app"
bind = "127.0.0.1:5100"
worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
workers = 1
