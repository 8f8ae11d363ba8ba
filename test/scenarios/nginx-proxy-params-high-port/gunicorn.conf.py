bind = "127.0.0.1:{{APP_PORT}}"
workers = 1
worker_class = "eventlet"
