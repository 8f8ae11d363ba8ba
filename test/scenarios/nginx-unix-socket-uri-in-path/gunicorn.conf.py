bind = "unix:{{DIR}}/gunicorn.sock"
workers = 1
worker_class = "eventlet"
