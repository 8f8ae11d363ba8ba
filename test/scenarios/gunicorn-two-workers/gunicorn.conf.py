bind = "127.0.0.1:{{APP_PORT}}"
workers = 2
worker_class = "eventlet"
