"""gunicorn settings for `make run`, `make bench` and production; each can be overridden by env."""

import multiprocessing
import os

import gunicorn.http.wsgi

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: each request is short (a cached page, one small insert) and CPU-bound.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then in case of a leak, but not so often that a restart (about a
# second of imports) lands in every minute of heavy traffic.
# (`make bench` sets GUNICORN_MAX_REQUESTS=0: a restart mid-row would measure imports, not the site.)
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Do not advertise the server software or its version in the Server header.
gunicorn.http.wsgi.SERVER = "web"
gunicorn.http.wsgi.SERVER_SOFTWARE = "web"
