# Flask-SocketIO app served by gunicorn with the default worker class.
wsgi_app = "chat:socketio_app"
bind = "127.0.0.1:5100"
workers = 1
